const squares = Array.from({ length: 26 }, (_, i) => i * i);
console.log(squares);
// %% cell
console.log(Array.from({ length: 120 }, (_, i) => i % 7));
console.log(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]);
