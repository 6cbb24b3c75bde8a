function* fib(): Generator<number> {
  let [a, b] = [0, 1];
  while (true) {
    yield a;
    [a, b] = [b, a + b];
  }
}
// %% cell
const out: number[] = [];
for (const n of fib()) {
  if (n > 50) break;
  out.push(n);
}
console.log(out);
