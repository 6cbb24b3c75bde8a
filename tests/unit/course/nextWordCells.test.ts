/**
 * The "How a model picks its next word" cells run in the notebook kernel,
 * in every language the lesson has, against stand-ins for the chat client:
 * one that returns a known distribution (so the printed percentages, the
 * temperature and top-p arithmetic and the seed check can be verified), one
 * whose calls fail, and one that answers without probabilities. The cells
 * never end in an error: they print why instead.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { Kernel, outputText } from "../../../src/notebook/kernel/kernel.ts";
import { createModuleLoader } from "../../../src/notebook/kernel/modules.ts";
import { compileSource } from "../../../src/notebook/kernel/compileSource.ts";
import type { FromKernel, OutputItem } from "../../../src/notebook/protocol.ts";
import { lessonStructure } from "../../../src/course/lessonStructure.ts";
import { localeCodes } from "../../../src/i18n/locales.ts";

const dir = "content/lessons/next-word";
const locales = localeCodes.filter((code) => existsSync(`${dir}/${code}.mdx`));

function cells(locale: string): string[] {
  return lessonStructure(readFileSync(`${dir}/${locale}.mdx`, "utf8")).cells.map((c) => c.code);
}

/** The distribution every step of the stand-in model has: five tokens sharing 95%. */
const distribution: [token: string, probability: number][] = [
  [" Apple", 0.5],
  [" Banana", 0.2],
  [" Mango", 0.1],
  [" Pear", 0.1],
  [" Kiwi", 0.05],
];

interface Request {
  model: string;
  max_tokens?: number;
  temperature?: number;
  seed?: number;
  logprobs?: boolean;
  top_logprobs?: number;
}

/**
 * A chat client answering from `distribution`: greedy at temperature 0,
 * otherwise a draw from the five tokens, repeatable for a given seed.
 */
class KnownDistributionClient {
  constructor(_token?: string) {}

  async chatCompletion(request: Request) {
    let state = request.seed ?? Math.floor(Math.random() * 2 ** 31);
    const random = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const top = distribution.slice(0, request.top_logprobs ?? 0).map(([token, p]) => ({ token, logprob: Math.log(p), bytes: [] }));
    const steps = Array.from({ length: Math.min(request.max_tokens ?? 16, 3) }, () => {
      let index = 0;
      if ((request.temperature ?? 1) > 0) {
        let draw = random() * 0.95;
        while (index < distribution.length - 1 && draw >= distribution[index]![1]) draw -= distribution[index++]![1];
      }
      const [token, p] = distribution[index]!;
      return { token, logprob: Math.log(p), bytes: [], top_logprobs: top };
    });
    return {
      model: "stand-in",
      choices: [
        {
          index: 0,
          finish_reason: "length",
          message: { role: "assistant", content: steps.map((s) => s.token).join("") },
          logprobs: request.logprobs ? { content: steps } : null,
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: steps.length, total_tokens: 10 + steps.length },
    };
  }
}

/** A client whose every call fails, as when no backend answers. */
class FailingClient {
  async chatCompletion(): Promise<never> {
    throw new Error("fetch failed");
  }
}

/** A client that answers but sends no probabilities, as a provider that ignores `logprobs`. */
class NoProbabilitiesClient {
  async chatCompletion(request: Request) {
    return { model: "plain", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: " Apple" } }], usage: undefined, request };
  }
}

/** Runs the cells (and any extra code after them) in one kernel with `client` as the library's InferenceClient. */
async function run(code: readonly string[], client: unknown): Promise<{ stdout: string; errors: string[] }> {
  const messages: FromKernel[] = [];
  const kernel = new Kernel({
    post: (m) => messages.push(m),
    loadModule: createModuleLoader({ "@huggingface/inference": async () => ({ InferenceClient: client }) }, {}),
    compiler: async () => compileSource,
  });
  const errors: string[] = [];
  for (const [i, source] of code.entries()) {
    await kernel.run(i + 1, `cell-${i + 1}`, source);
    const done = messages.findLast((m) => m.type === "done");
    if (done?.type === "done" && !done.ok) errors.push(`cell ${i + 1}: ${JSON.stringify(done.error)}`);
  }
  kernel.flush();
  const items: OutputItem[] = messages.flatMap((m) => (m.type === "output" ? m.items : []));
  return { stdout: outputText(items).stdout, errors };
}

describe("next-word cells with a model that returns probabilities", () => {
  for (const locale of locales) {
    it(`run without an error and show the known distribution (${locale})`, async () => {
      const { stdout, errors } = await run(cells(locale), KnownDistributionClient);
      assert.deepEqual(errors, []);
      // Spaces shown as "·"; the percentages are Math.exp of the log probabilities.
      assert.match(stdout, /·Apple/);
      for (const percent of ["50.0%", "20.0%", "5.0%"]) assert.ok(stdout.includes(percent), `${percent} in:\n${stdout}`);
      // Temperature 0.5 squares and rescales: 0.25 / 0.3125 = 80.0%; temperature 1 rescales the five: 0.5 / 0.95 = 52.6%.
      assert.ok(stdout.includes("80.0%"), stdout);
      assert.ok(stdout.includes("52.6%"), stdout);
    });
  }

  it("say that the same seed gave the same answer, and that the five shown hold 95%", async () => {
    const { stdout, errors } = await run(cells("en"), KnownDistributionClient);
    assert.deepEqual(errors, []);
    assert.ok(stdout.includes("The same seed gave the same answer twice."), stdout);
    assert.ok(stdout.includes("The five most likely tokens: 95.0%. All the others: 5.0%."), stdout);
  });

  it("reshape probabilities as the text says: temperature rescales, top-p keeps the fewest tokens that reach p", async () => {
    const check = `console.log("RESHAPE " + JSON.stringify([
      withTemperature([Math.log(0.5), Math.log(0.5)], 1),
      withTemperature([Math.log(0.8), Math.log(0.2)], 1000).map((p) => Math.round(p * 100) / 100),
      withTopP([0.6, 0.3, 0.1], 0.5),
      withTopP([0.4, 0.4, 0.2], 0.5),
      withTopP([0.4, 0.4, 0.2], 1),
    ]));`;
    const { stdout, errors } = await run([...cells("en"), check], KnownDistributionClient);
    assert.deepEqual(errors, []);
    const line = stdout.split("\n").find((l) => l.startsWith("RESHAPE "));
    assert.ok(line, stdout);
    assert.deepEqual(JSON.parse(line.slice("RESHAPE ".length)), [[0.5, 0.5], [0.5, 0.5], [1, 0, 0], [0.5, 0.5, 0], [0.4, 0.4, 0.2]]);
  });
});

describe("next-word cells when the backend cannot help", () => {
  for (const locale of locales) {
    it(`every call failing: no cell ends in an error (${locale})`, async () => {
      const { stdout, errors } = await run(cells(locale), FailingClient);
      assert.deepEqual(errors, []);
      assert.match(stdout, /fetch failed/);
    });

    it(`answers without probabilities: no cell ends in an error (${locale})`, async () => {
      const { stdout, errors } = await run(cells(locale), NoProbabilitiesClient);
      assert.deepEqual(errors, []);
      assert.match(stdout, /Apple/);
    });
  }

  it("say why in English: the call failed, or the backend sent no probabilities", async () => {
    const failed = await run(cells("en"), FailingClient);
    assert.ok(failed.stdout.includes("No answer: Error: fetch failed"), failed.stdout);
    assert.ok(failed.stdout.includes("A call failed, so there is nothing to compare."), failed.stdout);
    const plain = await run(cells("en"), NoProbabilitiesClient);
    assert.ok(plain.stdout.includes("plain answered, but this backend sent no token probabilities."), plain.stdout);
    assert.ok(plain.stdout.includes("No probabilities to reshape"), plain.stdout);
  });
});
