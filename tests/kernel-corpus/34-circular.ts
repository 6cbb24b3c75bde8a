const node: { name: string; self?: unknown; list: unknown[] } = { name: "root", list: [] };
node.self = node;
node.list.push(node);
// %% cell
console.log(node);
