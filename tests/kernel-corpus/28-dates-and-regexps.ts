const d = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
const re = /(\w+)@(\w+)\.org/gi;
// %% cell
console.log(d, d.toISOString(), re, "ada@example.org".replace(re, "$2"));
console.log(new Date(NaN));
