import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { markdownToMdast } from "satteri";
import { lessonFileProblems } from "../../../src/course/checkLessons.ts";
import { firstShapeDifference } from "../../../src/course/codeShape.ts";
import { lessonStructure } from "../../../src/course/lessonStructure.ts";

interface Node {
  type: string;
  lang?: string | null;
  value?: string;
  children?: Node[];
}

/** The README's code blocks as a Markdown renderer sees them. */
function codeBlocks(): Node[] {
  const found: Node[] = [];
  const visit = (node: Node) => (node.type === "code" ? found.push(node) : node.children?.forEach(visit));
  visit(markdownToMdast(readFileSync(new URL("../../../README.md", import.meta.url), "utf8")) as Node);
  return found;
}

describe("the README's authoring examples", () => {
  it("show the first lesson whole, its cell fence inside, and the lesson passes the checks", () => {
    const lesson = codeBlocks().find((b) => b.lang === "mdx");
    assert.ok(lesson?.value, "an mdx example");
    assert.match(lesson.value, /<Cell id="count-tokens">\n```ts\n[^`]+\n```\n<\/Cell>$/);
    assert.deepEqual(lessonFileProblems(lessonStructure(lesson.value)), []);
  });

  it("mark strings that are code so that translating them is refused", () => {
    const example = codeBlocks().find((b) => b.lang === "ts" && b.value?.includes("@keep"));
    assert.ok(example?.value);
    assert.match(firstShapeDifference(example.value, example.value.replace('"word"', '"mot"'))?.message ?? "", /"word" is code \(marked @keep\)/);
    assert.match(firstShapeDifference(example.value, example.value.replace('"Qwen/', '"Qwén/'))?.message ?? "", /is code \(marked @keep\)/);
  });
});
