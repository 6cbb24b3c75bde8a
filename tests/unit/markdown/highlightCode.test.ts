import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { highlight, TOKEN_CLASSES } from "../../../src/markdown/highlightCode.ts";

type Node = { type: string; tagName?: string; value?: string; properties?: Record<string, unknown>; children?: Node[] };

const code = [
  'import data from "./models.json" with { type: "json" };',
  "// Scores each family.",
  "type Level = \"yes\" | \"no\";",
  "interface Family { name: string; size: number }",
  "const sizes: number[] = [0.5, 1, 3];",
  "function score(family: Family): number {",
  "  return family.size * 2 + sizes.length;",
  "}",
  "console.log(score({ name: `Qwen ${1}`, size: 7 }), null, true);",
].join("\n");

function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}
const text = (node: Node): string => (node.type === "text" ? (node.value ?? "") : (node.children ?? []).map(text).join(""));

test("highlighted code keeps its exact text, without per-line wrappers or inline colours", () => {
  const pre = highlight(code, "ts") as Node;
  assert.equal(pre.tagName, "pre");
  assert.equal(text(pre), code);
  const styled: Node[] = [];
  const lines: Node[] = [];
  walk(pre, (node) => {
    if (node.properties?.style !== undefined) styled.push(node);
    if (String(node.properties?.class ?? "").split(" ").includes("line")) lines.push(node);
  });
  assert.deepEqual(styled, []);
  assert.deepEqual(lines, []);
  assert.equal(pre.properties?.class, "shiki");
});

test("every token class the highlighter writes is coloured in both themes by the site's stylesheet", () => {
  const css = readFileSync(new URL("../../../src/styles/global.css", import.meta.url), "utf8");
  const used = new Set<string>();
  walk(highlight(code, "ts") as Node, (node) => {
    if (node.tagName === "span") used.add(String(node.properties?.class));
  });
  assert.ok(used.size >= 5, `only ${[...used].join(", ")}`);
  for (const className of used) assert.ok(Object.values(TOKEN_CLASSES).includes(className), className);
  for (const [pair, className] of Object.entries(TOKEN_CLASSES)) {
    const [light, dark] = pair.toLowerCase().split("|");
    assert.match(css, new RegExp(`^\\.${className} \\{ color: ${light}; \\}$`, "m"));
    assert.match(css, new RegExp(`^:root\\[data-theme="dark"\\] \\.${className} \\{ color: ${dark}; \\}$`, "m"));
  }
});

test("a language shiki does not know is plain text in the same light shape", () => {
  const pre = highlight("a <b> & c", "klingon") as Node;
  assert.equal(text(pre), "a <b> & c");
  assert.equal(pre.properties?.class, "shiki");
  assert.equal(pre.properties?.dataLanguage, "klingon");
});

test("each page gets its own copy of a block highlighted once: changing one leaves the next as it was", () => {
  const first = highlight(code, "ts") as Node;
  const before = JSON.stringify(highlight(code, "ts"));
  walk(first, (node) => {
    if (node.type === "text") node.value = "changed";
    if (node.properties) node.properties.class = "changed";
  });
  assert.equal(JSON.stringify(highlight(code, "ts")), before);
  assert.notEqual(JSON.stringify(first), before);
});
