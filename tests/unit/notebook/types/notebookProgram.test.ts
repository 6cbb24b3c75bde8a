import { test } from "node:test";
import assert from "node:assert/strict";
import ts from "typescript";
import { layoutNotebook } from "../../../../src/notebook/types/notebookProgram.ts";

const cells = [
  { id: "setup", code: 'import { InferenceClient } from "@huggingface/inference";\nconst client = new InferenceClient();\nexport const chatModel = "m";' },
  { id: "ask", code: "const chatModel = 2;\nclient.chatCompletion;" },
];

test("notebook program: each cell is a block inside the one before, imports hoisted above all of them", () => {
  const program = layoutNotebook(ts, cells);
  const [first, second] = program.text.split("{\n");
  assert.equal(first, 'import { InferenceClient } from "@huggingface/inference";\n');
  assert.match(second!, /^ +\nlet   client = new InferenceClient\(\);\n       let   chatModel = "m";\n$/);
  assert.ok(program.text.endsWith("}\n}\n"));
});

test("notebook program: every offset of every cell maps there and back, and to the same character", () => {
  const program = layoutNotebook(ts, cells);
  for (const [index, cell] of cells.entries()) {
    for (let offset = 0; offset < cell.code.length; offset++) {
      const at = program.toProgram(index, offset);
      assert.deepEqual(program.toCell(at), { cell: index, offset }, `cell ${index} offset ${offset}`);
      const original = cell.code[offset]!;
      // Only rewritten keywords differ: `const` → `let  `, `export` → spaces.
      if (!/[a-z ]/.test(original)) assert.equal(program.text[at], original);
    }
  }
});

test("notebook program: positions in an import map to its hoisted copy", () => {
  const program = layoutNotebook(ts, cells);
  const at = program.toProgram(0, cells[0]!.code.indexOf("InferenceClient"));
  assert.equal(program.text.slice(at, at + "InferenceClient".length), "InferenceClient");
  assert.ok(at < program.text.indexOf("{\n"));
});

test("notebook program: code the checker cannot parse still keeps its length", () => {
  const broken = [{ id: "a", code: "const x = (\n/* open" }, { id: "b", code: "x" }];
  const program = layoutNotebook(ts, broken);
  assert.equal(program.toCell(program.toProgram(1, 0))?.cell, 1);
  assert.equal(program.toProgram(0, 1000), program.toProgram(0, broken[0]!.code.length));
});
