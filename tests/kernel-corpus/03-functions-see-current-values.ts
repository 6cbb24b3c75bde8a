let rate = 2;
function price(n: number) { return n * rate; }
console.log(price(10));
// %% cell
rate = 3;
console.log(price(10));
