/**
 * The lesson's model cells, unchanged, run by the notebook kernel in Node
 * with the same routing the kernel worker sets up, against the project's
 * server and its tiny model: the site's server answers, with its own model
 * instead of the one asked for, and says so; secrets never reach an output.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { Kernel, outputText } from "../../../../src/notebook/kernel/kernel.ts";
import { maskedPost, routeModelsFor } from "../../../../src/notebook/models/kernel/kernelSetup.ts";
import type { ModelReport } from "../../../../src/notebook/models/shared/report.ts";
import { createModuleLoader } from "../../../../src/notebook/kernel/modules.ts";
import { compileSource } from "../../../../src/notebook/kernel/compileSource.ts";
import type { FromKernel, OutputItem } from "../../../../src/notebook/protocol.ts";
import { startTinyServer, TINY, type TinyServer } from "../../server/helpers/tinyServer.ts";

const lesson = readFileSync(new URL("../../../../content/lessons/open-source-models/en.mdx", import.meta.url), "utf8");

/** The code of a lesson cell, as the page shows it. */
function cell(id: string): string {
  const match = new RegExp(`<Cell id="${id}"[^>]*>\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\`\\s*</Cell>`).exec(lesson);
  if (!match) throw new Error(`no cell ${id} in the lesson`);
  return match[1]!;
}

let server: TinyServer;
before(async () => {
  server = await startTinyServer({}, { parallel: 1 });
});
after(() => server.stop());

function kernelWith(env: Record<string, string>) {
  const messages: FromKernel[] = [];
  const kernel = new Kernel({
    post: maskedPost((m) => messages.push(m), env),
    loadModule: createModuleLoader({ "@huggingface/inference": () => import("@huggingface/inference") }, env),
    env,
    compiler: async () => compileSource,
  });
  routeModelsFor(kernel, { pageOrigin: server.base, fetch });
  const run = async (id: string, code: string) => {
    const from = messages.length;
    await kernel.run(from + 1, id, code);
    kernel.flush();
    const mine = messages.slice(from);
    const items = mine.flatMap((m) => (m.type === "output" ? m.items : []));
    const done = mine.find((m) => m.type === "done");
    const reports = items.flatMap((i: OutputItem) => (i.kind === "model" ? [i.report] : []));
    return { ...outputText(items), done, reports, outputs: mine.filter((m) => m.type === "output").length, json: JSON.stringify(mine) };
  };
  return { run };
}

describe("the lesson's model cells through the kernel", () => {
  test("first-chat and streaming-chat answer from the site's server, naming its local model", async () => {
    const token = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456";
    const { run } = kernelWith({ HF_TOKEN: token });
    const first = await run("first-chat", cell("first-chat"));
    assert.equal(first.done?.type === "done" && first.done.ok, true, first.stderr);
    assert.match(first.stdout, /tokens used:/);
    const answer = first.reports.at(-1) as ModelReport;
    assert.deepEqual([answer.state, answer.backend, answer.served, answer.requested, answer.instead, answer.demo], ["done", "site", TINY, "meta-llama/Llama-3.1-8B-Instruct", true, true]);
    assert.ok(answer.tokens! > 0 && answer.tokensPerSecond! > 0);

    const streamed = await run("streaming-chat", cell("streaming-chat"));
    assert.equal(streamed.done?.type === "done" && streamed.done.ok, true, streamed.stderr);
    // The cell asks for usage in the stream, so the speed comes from the server's own token count.
    assert.match(streamed.stdout, /answered by: .+\nfirst token after \d+ ms\n\d+ tokens in [\d.]+ s = [\d.]+ tokens\/s/);
    assert.deepEqual(streamed.reports.map((r) => r.state), ["streaming", "done"]);
    assert.equal(streamed.reports[1]!.served, TINY);
    assert.ok(streamed.outputs >= 3, `output arrived in ${streamed.outputs} messages`);
    assert.equal(first.json.includes(token) || streamed.json.includes(token), false);
  });

  test("a token printed by a cell, or inside an error, is masked", async () => {
    const token = "hf_ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543";
    const { run } = kernelWith({ HF_TOKEN: token, CARNET_MODEL_BACKEND: "site" });
    const printed = await run("print", "console.log(process.env.HF_TOKEN); console.log({ auth: `Bearer ${process.env.HF_TOKEN}` });");
    assert.equal(printed.json.includes(token), false);
    assert.equal(printed.stdout, "••••••••\n{ auth: 'Bearer ••••••••' }\n");
    const thrown = await run("throw", "throw new Error(`bad token ${process.env.HF_TOKEN}`)");
    assert.equal(thrown.json.includes(token), false);
  });

  test("a model the server does not serve (policy not-found) is explained with its list", async () => {
    const strict = await startTinyServer({ UNKNOWN_MODEL_POLICY: "not-found" }, { parallel: 1 });
    try {
      const env = { CARNET_MODEL_BACKEND: "custom", CARNET_MODEL_URL: `${strict.base}/v1` };
      const messages: FromKernel[] = [];
      const kernel = new Kernel({ post: maskedPost((m) => messages.push(m), env), loadModule: createModuleLoader({ "@huggingface/inference": () => import("@huggingface/inference") }, env), env, compiler: async () => compileSource });
      routeModelsFor(kernel, { pageOrigin: server.base, fetch });
      await kernel.run(1, "first-chat", cell("first-chat"));
      kernel.flush();
      const report = messages.flatMap((m) => (m.type === "output" ? m.items : [])).find((i) => i.kind === "model");
      assert.equal(report?.kind, "model");
      const problem = report.kind === "model" ? report.report.problem : undefined;
      assert.deepEqual([problem?.code, problem?.available, problem?.model], ["modelNotServed", [TINY], "meta-llama/Llama-3.1-8B-Instruct"]);
      // The lesson's cell catches the client's error, says what happened and what to try, and finishes, so later cells still run.
      const done = messages.find((m) => m.type === "done");
      assert.equal(done?.type === "done" && done.ok, true);
      const printed = outputText(messages.flatMap((m) => (m.type === "output" ? m.items : []))).stdout;
      assert.match(printed, /No answer from meta-llama\/Llama-3\.1-8B-Instruct: /);
      assert.match(printed, /Try another backend/);
    } finally {
      await strict.stop();
    }
  });
});
