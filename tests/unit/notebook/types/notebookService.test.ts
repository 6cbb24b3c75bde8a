import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import ts from "typescript";
import { createNotebookService, type NotebookService } from "../../../../src/notebook/types/notebookService.ts";
import type { CellSource } from "../../../../src/notebook/types/notebookProgram.ts";
import { declarationFilesOnDisk } from "./declarationFilesOnDisk.ts";

/** The cells of a lesson, in page order, as the page holds them. */
function lessonCells(lesson: string, locale = "en"): CellSource[] {
  const mdx = readFileSync(new URL(`../../../../content/lessons/${lesson}/${locale}.mdx`, import.meta.url), "utf8");
  return [...mdx.matchAll(/<Cell id="([^"]+)">\s*```ts\n([\s\S]*?)```\s*<\/Cell>/g)].map((m) => ({ id: m[1]!, code: m[2]! }));
}

let service: NotebookService;
before(() => {
  const data = Object.fromEntries(
    ["models.json", "prices.json"].map((name) => [name, readFileSync(new URL(`../../../../content/lessons/open-source-models/${name}`, import.meta.url), "utf8")]),
  );
  service = createNotebookService(ts, declarationFilesOnDisk(), data);
});

const messages = (cells: CellSource[]) => {
  service.update(cells);
  return Object.fromEntries(service.diagnostics().map((c) => [c.id, c.items.map((d) => d.message)]));
};

test("notebook service: every lesson's cells type-check as one program, with no errors", () => {
  for (const lesson of ["welcome", "open-source-models", "next-word"]) {
    const cells = lessonCells(lesson);
    assert.ok(cells.length > 0, lesson);
    service.update(cells);
    for (const cell of service.diagnostics()) assert.deepEqual(cell.items, [], `${lesson}/${cell.id}`);
  }
});

test("notebook service: a misspelled method is reported where it is, in its cell, and goes when fixed", () => {
  const cells = lessonCells("open-source-models");
  const chat = cells.findIndex((c) => c.id === "streaming-chat");
  const code = cells[chat]!.code;
  cells[chat] = { id: "streaming-chat", code: `${code}client.chatCompletoin(` };
  service.update(cells);
  const found = service.diagnostics().filter((c) => c.items.length > 0);
  assert.deepEqual(found.map((c) => c.id), ["streaming-chat"]);
  const [misspelled, syntax] = found[0]!.items;
  assert.equal(misspelled!.message, "Property 'chatCompletoin' does not exist on type 'InferenceClient'. Did you mean 'chatCompletion'?");
  assert.deepEqual([misspelled!.from, misspelled!.to, misspelled!.severity], [code.length + 7, code.length + 21, "error"]);
  assert.equal(syntax!.message, "')' expected.");

  cells[chat] = { id: "streaming-chat", code: `${code}client.chatCompletion;` };
  service.update(cells);
  assert.deepEqual(service.diagnostics().flatMap((c) => c.items), []);
});

test("notebook service: later cells see earlier names, not later ones, and may declare them again", () => {
  assert.deepEqual(
    messages([
      { id: "a", code: "const n = 1;\nlater;" },
      { id: "b", code: 'const n = "again";\nconst later = n.toUpperCase();' },
      { id: "c", code: "const upper: string = later;\nn satisfies string;" },
    ]),
    { a: ["Cannot find name 'later'."], b: [], c: [] },
  );
});

test("notebook service: the kernel's globals are declared, the worker's too, and nothing else", () => {
  const { a } = messages([
    {
      id: "a",
      code: 'const token: string | undefined = process.env.HF_TOKEN;\ndisplay({ token });\nawait fetch("/x");\nsetTimeout(() => {}, 1);\nrequire("fs");',
    },
  ]);
  assert.equal(a!.length, 1);
  assert.match(a![0]!, /^Cannot find name 'require'/);
});

test("notebook service: a broken cell keeps its errors to itself", () => {
  service.update([
    { id: "a", code: "const x = (\n" },
    { id: "b", code: "const y: number = x;" },
  ]);
  const [a, b] = service.diagnostics();
  assert.ok(a!.items.length > 0);
  assert.deepEqual(b!.items, []);
});

test("notebook service: an import in two cells is not a duplicate", () => {
  const line = 'import { InferenceClient } from "@huggingface/inference";\n';
  assert.deepEqual(messages([{ id: "a", code: `${line}new InferenceClient();` }, { id: "b", code: `${line}new InferenceClient();` }]), { a: [], b: [] });
});

test("notebook service: hover shows the type and doc comment of a name from an earlier cell", () => {
  const cells = lessonCells("open-source-models");
  service.update(cells);
  const later = cells.find((c) => c.id === "streaming-chat")!;
  const at = later.code.indexOf("chatModel");
  assert.deepEqual(service.hover("streaming-chat", at + 3), { from: at, to: at + "chatModel".length, type: "let chatModel: string", doc: "" });
  const method = later.code.indexOf("chatCompletionStream");
  const hover = service.hover("streaming-chat", method)!;
  assert.match(hover.type, /chatCompletionStream\(args: BaseArgs & ChatCompletionInput, options\?: Options\): AsyncGenerator<ChatCompletionStreamOutput/);
  assert.ok(hover.doc.length > 0);
  assert.equal(service.hover("no-such-cell", 0), undefined);
});

test("notebook service: completion after `client.` lists its methods with their types", () => {
  const cells = lessonCells("open-source-models");
  const chat = cells.findIndex((c) => c.id === "streaming-chat");
  const code = `${cells[chat]!.code}client.chat`;
  cells[chat] = { id: "streaming-chat", code };
  service.update(cells);
  const completions = service.completions("streaming-chat", code.length)!;
  assert.equal(completions.member, true);
  assert.equal(completions.from, code.length - "chat".length);
  const stream = completions.options.find((o) => o.label === "chatCompletionStream")!;
  assert.match(stream.detail ?? "", /AsyncGenerator<ChatCompletionStreamOutput/);
  assert.equal(stream.kind, "function");
});

test("notebook service: TypeScript's messages in the reader's language", () => {
  const localize = (ts as unknown as { setLocalizedDiagnosticMessages(m: Record<string, string> | undefined): void }).setLocalizedDiagnosticMessages;
  const french = JSON.parse(readFileSync(new URL("../../../../node_modules/typescript/lib/fr/diagnosticMessages.generated.json", import.meta.url), "utf8"));
  localize(french);
  try {
    assert.deepEqual(messages([{ id: "a", code: "missing;" }]), { a: ["Le nom 'missing' est introuvable."] });
  } finally {
    localize(undefined);
  }
});

test("notebook service: data files in a folder of the lesson have their real type, a CSV as rows of its columns", () => {
  const levels = createNotebookService(ts, declarationFilesOnDisk(), {
    "data/levels.json": '[{ "level": "A1", "words": 500 }]',
    "data/levels.csv": "level,words\nA1,500\n",
  });
  levels.update([
    { id: "json", code: 'import levels from "./data/levels.json" with { type: "json" };\nconst w: number = levels[0].words;\nlevels[0].wordz;' },
    { id: "csv", code: 'import rows from "./data/levels.csv";\nconst l: string = rows[0].level;\nrows[0].levle;' },
  ]);
  const found = Object.fromEntries(levels.diagnostics().map((c) => [c.id, c.items.map((d) => d.message)]));
  assert.deepEqual(found.json, ["Property 'wordz' does not exist on type '{ level: string; words: number; }'. Did you mean 'words'?"]);
  assert.equal(found.csv!.length, 1);
  assert.match(found.csv![0]!, /Property 'levle' does not exist on type '\{ level: string; words: string; \}'/);
});
