console.log("%s is %d years and %i days", "Ada", 36.5, 12.9);
console.log("%j and %o", { a: 1 }, [1]);
console.log("100%% done", "extra", 3);
