const id = Symbol("id");
const big = 2n ** 70n;
// %% cell
console.log(id, big, typeof big, { [id]: 1, n: 10n });
