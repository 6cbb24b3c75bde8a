// The Observable Framework counterpart of a Carnet lesson page for bench/firstOutput.bench.ts:
// copied into a temporary folder in each run, where src/index.md is written from the lesson
// (bench/lib/observableLesson.ts) and the site built.
export default {
  root: "src",
  title: "Lesson",
  pager: false,
  sidebar: false,
  toc: false,
  search: false,
  footer: "",
};
