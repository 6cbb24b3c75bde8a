class Vec { x: number; y: number;
  constructor(x: number, y: number) { this.x = x; this.y = y; } }
// %% cell
class Empty {}
console.log(new Vec(1, 2), new Empty(), [new Vec(3, 4)], Vec, Object.create(null));
