class Registry {
  static #count = 0;
  static create(): Registry { Registry.#count++; return new Registry(); }
  static get count(): number { return Registry.#count; }
}
Registry.create();
Registry.create();
// %% cell
console.log(Registry.count);
