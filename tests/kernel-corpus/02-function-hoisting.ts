console.log(double(21));
function double(n: number): number {
  return n * 2;
}
// %% cell
console.log(double(double(1)));
