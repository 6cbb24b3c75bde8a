setTimeout(() => console.log("timer fired"), 5);
console.log("cell one");
// %% cell
console.log("cell two");
