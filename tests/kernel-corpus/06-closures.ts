function counter(start = 0) {
  let n = start;
  return { next: () => ++n, peek: () => n };
}
const c = counter(5);
// %% cell
c.next();
c.next();
console.log(c.peek());
