// A six-cell Observable Framework page, the counterpart of a Carnet lesson page
// for bench/firstOutput.bench.ts: built into a temporary folder in each run.
export default {
  root: "src",
  title: "Six cells",
  pager: false,
  sidebar: false,
  toc: false,
  search: false,
  footer: "",
};
