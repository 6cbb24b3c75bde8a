console.log("before");
// %% cell
const value: number = 1;
throw new RangeError(`value ${value} is out of range`);
// %% cell
console.log("never printed");
