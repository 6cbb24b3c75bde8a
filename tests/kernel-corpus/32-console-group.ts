console.group("outer");
console.log("inside");
console.group();
console.log({ deep: true });
console.groupEnd();
console.groupEnd();
console.log("outside");
