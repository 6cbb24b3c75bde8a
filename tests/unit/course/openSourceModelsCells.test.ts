/**
 * The "Open Source Models" cells run in the notebook kernel against the
 * lesson's own data files, in every language: the scorer agrees with the
 * chart, the memory cell computes from models.json, the cost cell prices
 * from prices.json, and word counts make sense in Japanese and Chinese.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { Kernel, outputText } from "../../../src/notebook/kernel/kernel.ts";
import { createModuleLoader } from "../../../src/notebook/kernel/modules.ts";
import { compileSource } from "../../../src/notebook/kernel/compileSource.ts";
import type { FromKernel, OutputItem } from "../../../src/notebook/protocol.ts";
import { lessonStructure } from "../../../src/course/lessonStructure.ts";
import { familyRows, modelsSchema, parseLessonData, pricesSchema } from "../../../src/course/lessonModels.ts";
import { localeCodes } from "../../../src/i18n/locales.ts";

const dir = "content/lessons/open-source-models";
const dataFiles: Record<string, unknown> = {
  "./models.json": JSON.parse(readFileSync(`${dir}/models.json`, "utf8")),
  "./prices.json": JSON.parse(readFileSync(`${dir}/prices.json`, "utf8")),
};
const models = parseLessonData("models.json", modelsSchema, dataFiles["./models.json"]);
const prices = parseLessonData("prices.json", pricesSchema, dataFiles["./prices.json"]);

function cell(locale: string, id: string): string {
  const found = lessonStructure(readFileSync(`${dir}/${locale}.mdx`, "utf8")).cells.find((c) => c.id === id);
  assert.ok(found, `${locale}.mdx has cell ${id}`);
  return found.code;
}

/** Runs cells in one kernel whose `./x.json` imports read the lesson's data files; stops at the first error. */
async function run(cells: readonly string[]): Promise<{ stdout: string; error?: string }> {
  const messages: FromKernel[] = [];
  const kernel = new Kernel({
    post: (m) => messages.push(m),
    loadModule: createModuleLoader({}, {}, async (specifier) => dataFiles[specifier]),
    compiler: async () => compileSource,
  });
  for (const [i, code] of cells.entries()) {
    await kernel.run(i + 1, `cell-${i + 1}`, code);
    const done = messages.findLast((m) => m.type === "done");
    if (done?.type === "done" && !done.ok) return { stdout: "", error: JSON.stringify(done.error) };
  }
  kernel.flush();
  const items: OutputItem[] = messages.flatMap((m) => (m.type === "output" ? m.items : []));
  return { stdout: outputText(items).stdout };
}

/** The last line a cell printed that starts with a marker, parsed as JSON. */
function printed<T>(stdout: string, marker: string): T {
  const line = stdout.split("\n").findLast((l) => l.startsWith(marker));
  assert.ok(line, `printed ${marker}`);
  return JSON.parse(line.slice(marker.length)) as T;
}

/** A stand-in for the chat client: every model answers `text`, reports itself as `answeredBy`, and bills a million prompt tokens. */
function stubClient(text: string, answeredBy = "local/demo") {
  return `const client = {
  chatCompletion: async () => ({ model: ${JSON.stringify(answeredBy)}, choices: [{ message: { content: ${JSON.stringify(text)} } }], usage: { prompt_tokens: 1000000, completion_tokens: 0, total_tokens: 1000000 } }),
  chatCompletionStream: async function* () {
    yield { model: ${JSON.stringify(answeredBy)}, choices: [{ delta: { content: ${JSON.stringify(text)} } }] };
    yield { model: ${JSON.stringify(answeredBy)}, choices: [], usage: { prompt_tokens: 1000000, completion_tokens: 0, total_tokens: 1000000 } };
  },
};
const reply = await client.chatCompletion();
const chatModel = "meta-llama/Llama-3.1-8B-Instruct";
const small = undefined;
const smallModel = "HuggingFaceTB/SmolLM2-360M-Instruct";`;
}

/** A client whose every call fails, as when the backend does not serve the model. */
const failingClient = `const client = {
  chatCompletion: async () => { throw new Error("Model not served"); },
  chatCompletionStream: async function* () { throw new Error("Model not served"); },
};
const chatModel = "meta-llama/Llama-3.1-8B-Instruct";`;

describe("openness-score cell", () => {
  // The lesson's languages: a language just added to the registry has no file yet.
  for (const locale of localeCodes.filter((code) => existsSync(`${dir}/${code}.mdx`))) {
    it(`gives every family the chart's score (${locale})`, async () => {
      const { stdout, error } = await run([cell(locale, "openness-score"), 'console.log("SCORES " + JSON.stringify(families.map((f) => [f.name, opennessScore(f)])))']);
      assert.equal(error, undefined);
      const fromCell = new Map(printed<[string, number][]>(stdout, "SCORES "));
      const chart = familyRows(models.families);
      assert.equal(fromCell.size, chart.length);
      for (const row of chart) assert.equal(fromCell.get(row.family.name), row.score, row.family.name);
    });
  }

  it("scores on the rubric: six artefacts, the licence apart", () => {
    const olmo = familyRows(models.families).find((r) => r.family.id === "olmo")!;
    assert.equal(olmo.score, 6);
    assert.ok(familyRows(models.families).every((r) => r.score <= 6));
  });
});

describe("memory-estimate cell", () => {
  it("computes parameters × bytes per weight from models.json, offline", async () => {
    const { stdout, error } = await run([cell("en", "openness-score"), cell("en", "memory-estimate")]);
    assert.equal(error, undefined);
    // Llama's largest release, 405 billion parameters: 810 GB at 16 bits, 405 at 8, 202.5 at 4.
    const row = stdout.split("\n").find((l) => l.includes("Llama 3.1 405B"));
    assert.ok(row, stdout);
    assert.match(row, /810.*405.*202\.5/);
  });
});

describe("usage-cost cell", () => {
  const llama = prices.prices.find((p) => p.model === "meta-llama/Llama-3.1-8B-Instruct")!;

  it("prices each call, the streamed one included, by the model that answered, from prices.json", async () => {
    const { stdout, error } = await run([
      stubClient("A short answer.", "meta-llama/Llama-3.1-8B-Instruct"),
      'const streamed = { answeredBy: "meta-llama/Llama-3.1-8B-Instruct", usage: { prompt_tokens: 1000000, completion_tokens: 0 } };',
      "const comparison = []; const codeRuns = [];",
      cell("en", "usage-cost"),
    ]);
    assert.equal(error, undefined);
    // Two calls of a million prompt tokens each cost twice the input price per million; the small model's call failed.
    assert.match(stdout, new RegExp(`Total for the 2 priced calls of 3: \\$${(2 * llama.inputPerMillion).toFixed(6)}`));
    assert.match(stdout, /no usage reported/);
    assert.match(stdout, new RegExp(`Illustrative prices from prices.json \\(${prices.asOf}\\)`));
  });

  it("gives no price to a call answered by a model prices.json does not list, whatever was asked for", async () => {
    const { stdout, error } = await run([
      stubClient("A short answer.", "carnet-tiny-demo"),
      'const streamed = { answeredBy: "carnet-tiny-demo", usage: { prompt_tokens: 5, completion_tokens: 7 } };',
      "const comparison = []; const codeRuns = [];",
      cell("en", "usage-cost"),
    ]);
    assert.equal(error, undefined);
    assert.equal(stdout.match(/no price for this model/g)?.length, 2, stdout);
    assert.match(stdout, /None of these 3 calls was answered by a model in prices\.json, so there is no total\./);
    assert.doesNotMatch(stdout, /Total for/);
  });
});

describe("model cells fail soft", () => {
  it("when no model answers, streaming, local-run and the cells after them still run to the end, and each says what happened", async () => {
    const { stdout, error } = await run([
      failingClient,
      "const reply = undefined;",
      cell("en", "streaming-chat"),
      cell("en", "local-run"),
      cell("en", "side-by-side"),
      cell("en", "fine-tuned-vs-general"),
      cell("en", "usage-cost"),
    ]);
    assert.equal(error, undefined);
    assert.match(stdout, /The stream from meta-llama\/Llama-3\.1-8B-Instruct stopped: Error: Model not served/);
    assert.match(stdout, /The backend sent no token count, so the speed is not shown\./);
    assert.match(stdout, /No answer from HuggingFaceTB\/SmolLM2-360M-Instruct: Error: Model not served/);
    assert.match(stdout, /Try the engine in this browser/);
    assert.match(stdout, /None of these 8 calls was answered/);
  });

  it("the streaming cell prints the measured token count and speed when the last chunk carries usage", async () => {
    const { stdout, error } = await run([stubClient("Three reasons."), cell("en", "streaming-chat")]);
    assert.equal(error, undefined);
    assert.match(stdout, /asked for: meta-llama\/Llama-3\.1-8B-Instruct \| answered by: local\/demo/);
    assert.match(stdout, /0 tokens in [\d.]+ s = [\d.]+ tokens\/s/);
  });
});

describe("side-by-side cell", () => {
  // Hand segmentations: 23 words in the Japanese sentence, 16 in the Chinese one.
  const samples = {
    ja: { text: "大規模言語モデルは、一度に扱えるトークンの数に上限があります。この上限をコンテキストウィンドウと呼びます。", reference: 23 },
    "zh-CN": { text: "大型语言模型一次能处理的词元数量有上限。这个上限叫作上下文窗口。", reference: 16 },
  } as const;

  for (const [locale, { text, reference }] of Object.entries(samples)) {
    it(`counts ${locale} words within a third of a hand segmentation, where splitting on spaces finds one`, async () => {
      const { stdout, error } = await run([
        stubClient(text),
        cell(locale, "side-by-side"),
        `console.log("COUNT " + JSON.stringify([wordSegments(${JSON.stringify(text)}).length, comparison.map((r) => r.answeredBy)]))`,
      ]);
      assert.equal(error, undefined);
      const [count, answeredBy] = printed<[number, string[]]>(stdout, "COUNT ");
      assert.equal(text.split(/\s+/).length, 1);
      assert.ok(Math.abs(count - reference) <= reference / 3, `${count} words, reference ${reference}`);
      assert.deepEqual(answeredBy, ["local/demo", "local/demo", "local/demo"]);
    });
  }

  it("prints the model that answered next to the one asked for", async () => {
    const { stdout } = await run([stubClient("One two three.", "local/tiny"), cell("en", "side-by-side")]);
    const rows = stdout.split("\n").filter((l) => l.includes("local/tiny"));
    assert.equal(rows.length, 3, stdout);
    assert.ok(rows.some((l) => l.includes("google/gemma-3-27b-it")));
  });
});
