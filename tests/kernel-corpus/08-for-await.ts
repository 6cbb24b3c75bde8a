async function* numbers(limit: number) {
  for (let i = 1; i <= limit; i++) {
    await null;
    yield i;
  }
}
// %% cell
let total = 0;
for await (const n of numbers(4)) total += n;
console.log("total", total);
