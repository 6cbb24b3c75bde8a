const rows = [
  { model: "small", params: 135, open: true },
  { model: "large", params: 70000, open: false },
];
console.table(rows);
// %% cell
console.table(["a", "b"]);
