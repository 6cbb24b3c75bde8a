function sum(first = 0, ...more: number[]): number { return more.reduce((a, b) => a + b, first); }
const base = { a: 1, b: 2 };
// %% cell
console.log(sum(), sum(1, 2, 3), { ...base, b: 3, c: 4 }, [...[1, 2], ...new Set([3])]);
