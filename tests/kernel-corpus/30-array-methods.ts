const words = ["notebook", "kernel", "cell", "output", "editor"];
// %% cell
console.log(words.filter((w) => w.length > 4).map((w) => w.toUpperCase()).sort());
console.log(words.reduce<Record<number, string[]>>((acc, w) => ((acc[w.length] ??= []).push(w), acc), {}));
console.log(words.findLast((w) => w.includes("e")), words.at(-1), words.toSorted().join(","));
