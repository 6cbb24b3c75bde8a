const { a, b: [first, second = 20, ...others] = [], ...rest } = { a: 1, b: [10, undefined, 30, 40], c: 3, d: 4 };
// %% cell
console.log(a, first, second, others, rest);
const [x, , z = "zz"] = ["x", "y"];
console.log(x, z);
