class Temperature {
  #celsius = 0;
  get fahrenheit(): number { return this.#celsius * 9 / 5 + 32; }
  set fahrenheit(f: number) { this.#celsius = (f - 32) * 5 / 9; }
}
const t = new Temperature();
t.fahrenheit = 212;
// %% cell
console.log(t.fahrenheit, t);
