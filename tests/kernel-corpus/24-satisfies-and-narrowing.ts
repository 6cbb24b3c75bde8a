const settings = { mode: "dark", size: 3 } satisfies Record<string, string | number>;
const maybe: { deep?: { value?: number } } = {};
// %% cell
console.log(settings.mode.toUpperCase(), maybe.deep?.value ?? "none");
function describe(x: string | number): string {
  return typeof x === "string" ? `string ${x.length}` : `number ${x.toFixed(1)}`;
}
console.log(describe("abc"), describe(2));
