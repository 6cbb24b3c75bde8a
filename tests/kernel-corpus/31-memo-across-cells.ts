const memo = new Map<number, bigint>();
function fact(n: number): bigint {
  if (n <= 1) return 1n;
  const hit = memo.get(n);
  if (hit !== undefined) return hit;
  const value = BigInt(n) * fact(n - 1);
  memo.set(n, value);
  return value;
}
// %% cell
console.log(fact(25));
// %% cell
console.log(memo.size, fact(5));
