const wait = (ms: number, value: string) => new Promise<string>((resolve) => setTimeout(() => resolve(value), ms));
const first = await wait(5, "first");
console.log(first);
// %% cell
const [p, q] = await Promise.all([wait(5, "p"), wait(1, "q")]);
console.log(p, q);
