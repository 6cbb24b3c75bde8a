export const answer = 42;
export function greet(who: string) { return `hi ${who}`; }
// %% cell
console.log(answer, greet("Ada"));
