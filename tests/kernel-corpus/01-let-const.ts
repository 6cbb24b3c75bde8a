const name: string = "Ada";
let count = 1;
console.log(name, count);
// %% cell
count = count + 1;
console.log(`${name} ran ${count} times`);
