class Animal {
  name: string;
  constructor(name: string) { this.name = name; }
  speak(): string { return `${this.name} makes a sound`; }
}
// %% cell
class Dog extends Animal {
  speak(): string { return `${this.name} barks`; }
}
const pets: Animal[] = [new Animal("Cat"), new Dog("Rex")];
for (const p of pets) console.log(p.speak());
// %% cell
console.log(pets[1] instanceof Animal, pets.map((p) => p.constructor.name));
