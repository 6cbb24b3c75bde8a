const data = { id: 7, tags: ["x", "y"], nested: { ok: true } };
const text = JSON.stringify(data);
console.log(text);
// %% cell
console.log(JSON.parse(text).tags.length, JSON.stringify(data, null, 2));
