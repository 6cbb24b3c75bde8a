console.log({ quote: "it's", both: `"it's"`, tab: "a\tb", newline: "line\nnext" });
// %% cell
console.log(["plain", 'single \' quote']);
