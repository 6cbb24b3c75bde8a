const byLang = new Map<string, string[]>();
byLang.set("en", ["hello"]).set("fr", ["bonjour", "salut"]);
const seen = new Set([1, 2, 2, 3]);
// %% cell
console.log(byLang);
console.log(seen, seen.has(2));
console.log(new Map(), new Set());
