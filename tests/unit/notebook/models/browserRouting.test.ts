/**
 * The engine in this browser, as the kernel reaches it: the real
 * @huggingface/inference, routed, talking through `EngineLink` to a
 * stand-in for the page's engine host. No request touches the network; the
 * cell's unchanged calls stream, name the model that answered, report the
 * wait, download and load, explain failures, and cancel on abort.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as inference from "@huggingface/inference";
import { EngineLink } from "../../../../src/notebook/models/kernel/engineLink.ts";
import type { EngineEvent, EngineRequest } from "../../../../src/notebook/models/shared/browser/engineMessages.ts";
import type { ModelReport } from "../../../../src/notebook/models/shared/report.ts";
import { routeInference } from "../../../../src/notebook/models/kernel/routedInference.ts";
import type { FromKernel } from "../../../../src/notebook/protocol.ts";

const page = "http://127.0.0.1:4321";
const LLAMA = "meta-llama/Llama-3.1-8B-Instruct";
const TINY = "carnet-tiny-demo";
const messages = [{ role: "user", content: "Hi" }];
const chunk = (content: string) => ({ choices: [{ index: 0, delta: { content }, finish_reason: null }], model: TINY });

/** A page that answers each engine request with `events` (or leaves it open when `hold`), recording requests and cancels. */
function setup(events: EngineEvent[], options: { hold?: boolean; env?: Record<string, string> } = {}) {
  const requests: EngineRequest[] = [];
  const cancelled: number[] = [];
  const network: string[] = [];
  const reports: ModelReport[] = [];
  const link: EngineLink = new EngineLink((message: FromKernel) => {
    if (message.type === "engineCancel") cancelled.push(message.request);
    if (message.type !== "engine") return;
    requests.push(message.body);
    queueMicrotask(() => {
      for (const event of events) link.receive(message.request, event);
    });
  });
  const fetch = (async (url: string) => {
    network.push(String(url));
    throw new Error("no network in this test");
  }) as unknown as typeof globalThis.fetch;
  const env = { CARNET_MODEL_BACKEND: "browser", ...options.env };
  const module = routeInference(inference as unknown as Record<string, unknown>, env, { report: (r) => reports.push(r), pageOrigin: page, fetch, engine: link });
  const InferenceClient = module.InferenceClient as typeof inference.InferenceClient;
  return { client: new InferenceClient(), requests, cancelled, network, reports };
}

const answer: EngineEvent[] = [
  { type: "loading", model: TINY, kept: true },
  { type: "head", served: TINY, requested: LLAMA, demo: true },
  { type: "chunk", chunk: chunk("one") },
  { type: "chunk", chunk: chunk(" two") },
  { type: "chunk", chunk: chunk(" three") },
  { type: "end", usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } },
];

describe("the browser engine backend", () => {
  test("a streamed answer: chunks in order, the model named, instead of the one asked for, no network", async () => {
    const { client, requests, network, reports } = setup(answer, { env: { CARNET_BROWSER_MODEL: TINY } });
    let text = "";
    for await (const c of client.chatCompletionStream({ model: LLAMA, messages, max_tokens: 8 })) text += c.choices[0]?.delta?.content ?? "";
    assert.equal(text, "one two three");
    assert.deepEqual(network, []);
    assert.equal(requests[0]!.model, TINY);
    assert.equal(requests[0]!.body.model, LLAMA);
    assert.equal(requests[0]!.body.stream, true);
    assert.deepEqual(
      reports.map((r) => r.state),
      ["loading", "streaming", "done"],
    );
    const done = reports.at(-1)!;
    assert.equal(done.backend, "browser");
    assert.equal(done.served, TINY);
    assert.equal(done.instead, true);
    assert.equal(done.demo, true);
    assert.equal(done.tokens, 3);
    assert.equal(done.origin, undefined, "the page's origin is not a server to name");
  });

  test("chatCompletion gets one JSON answer assembled from the stream", async () => {
    const { client } = setup(answer);
    const reply = await client.chatCompletion({ model: LLAMA, messages, max_tokens: 8 });
    assert.equal(reply.choices[0]!.message.content, "one two three");
    assert.equal(reply.model, TINY);
    assert.equal(reply.usage?.completion_tokens, 3);
    assert.equal(reply.usage?.prompt_tokens, 12, "the prompt is counted too");
  });

  test("a stream asked with include_usage ends with the token counts, as an OpenAI-compatible server's does", async () => {
    const { client, reports } = setup(answer);
    const chunks = [];
    for await (const c of client.chatCompletionStream({ model: LLAMA, messages, stream_options: { include_usage: true } })) chunks.push(c);
    assert.deepEqual(chunks.at(-1)!.usage, { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });
    assert.deepEqual(chunks.at(-1)!.choices, []);
    assert.equal(reports.at(-1)!.tokens, 3);
    const plain = setup(answer);
    const without = [];
    for await (const c of plain.client.chatCompletionStream({ model: LLAMA, messages })) without.push(c);
    assert.equal(without.some((c) => c.usage), false, "no counts unless asked, like other servers");
  });

  test("a non-streamed answer says it is answering once its tokens flow", async () => {
    const { client, reports } = setup(answer);
    await client.chatCompletion({ model: LLAMA, messages });
    assert.deepEqual(reports.map((r) => r.state), ["loading", "streaming", "done"]);
  });

  test("a large download asks consent in the cell, with size, host, licence and fit", async () => {
    const consent = { model: "smollm2-360m-instruct-q8_0", label: "SmolLM2 360M", bytes: 386_000_000, host: "huggingface.co", license: "Apache-2.0", fit: { memory: 8 * 1024 ** 3, likely: true } };
    const { client, reports } = setup([{ type: "consent", ...consent }, { type: "loading", model: consent.model, kept: false }, ...answer.slice(1)]);
    await client.chatCompletion({ model: LLAMA, messages });
    assert.equal(reports[0]!.state, "consent");
    assert.deepEqual(reports[0]!.consent, consent);
    assert.equal(reports.at(-1)!.fromMemory, true, "a file the browser did not keep is said to run from memory");
  });

  test("waiting its turn and the download are reported with bytes", async () => {
    const { client, reports } = setup([{ type: "waiting" }, { type: "download", loaded: 10, total: 40, secondsLeft: 3 }, ...answer]);
    await client.chatCompletion({ model: LLAMA, messages });
    assert.deepEqual(reports.slice(0, 2).map((r) => r.state), ["waiting", "downloading"]);
    assert.deepEqual(reports[1]!.download, { loaded: 10, total: 40, secondsLeft: 3 });
  });

  test("a failure in the page becomes its problem code, with the size the reader must agree to", async () => {
    const { client, reports } = setup([{ type: "error", code: "browserConsent", model: "smollm2-360m-instruct-q8_0", bytes: 386_000_000 }]);
    await assert.rejects(client.chatCompletion({ model: LLAMA, messages }));
    const problem = reports.at(-1)!.problem!;
    assert.deepEqual({ code: problem.code, backend: problem.backend, model: problem.model, bytes: problem.bytes }, { code: "browserConsent", backend: "browser", model: "smollm2-360m-instruct-q8_0", bytes: 386_000_000 });
  });

  test("a failure in the middle of a stream (a corrupt file found while loading, say) reaches the cell and the report", async () => {
    const { client, reports } = setup([{ type: "head", served: TINY, demo: true }, { type: "chunk", chunk: chunk("one") }, { type: "error", code: "browserFailed", detail: "out of memory" }]);
    await assert.rejects(async () => {
      for await (const _ of client.chatCompletionStream({ model: LLAMA, messages })) void _;
    });
    assert.equal(reports.at(-1)!.problem?.code, "browserFailed");
    assert.equal(reports.at(-1)!.problem?.detail, "out of memory");
  });

  test("a cell that stops reading cancels the generation in the page", async () => {
    const { client, cancelled } = setup([{ type: "head", served: TINY, demo: true }, { type: "chunk", chunk: chunk("one") }]);
    for await (const _ of client.chatCompletionStream({ model: LLAMA, messages })) break;
    assert.deepEqual(cancelled, [1]);
  });

  test("with no site server, no token and no choice, cells run in the engine in this browser, and say it was picked", async () => {
    const { client, requests, network, reports } = setup(answer, { env: { CARNET_MODEL_BACKEND: "auto" } });
    const reply = await client.chatCompletion({ model: LLAMA, messages });
    assert.equal(reply.choices[0]!.message.content, "one two three");
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.model, "", "the catalogue's default model");
    assert.deepEqual(network, [`${page}/v1/models`], "only the site's own API is asked, once");
    assert.equal(reports.at(-1)!.backend, "browser");
    assert.equal(reports.at(-1)!.picked, true);
  });

  test("under a base path the site's server is asked below it, never at the host's root", async () => {
    const reports: ModelReport[] = [];
    const asked: string[] = [];
    const fetch = (async (url: string) => {
      asked.push(String(url));
      return Response.json({ error: "not found" }, { status: 404 });
    }) as unknown as typeof globalThis.fetch;
    const module = routeInference(inference as unknown as Record<string, unknown>, { HF_TOKEN: "hf_reader" }, { report: (r) => reports.push(r), pageOrigin: page, site: `${page}/course`, fetch });
    await assert.rejects(new (module.InferenceClient as typeof inference.InferenceClient)("hf_reader").chatCompletion({ model: LLAMA, messages }));
    assert.equal(asked[0], `${page}/course/v1/models`);
    assert.equal(reports.at(-1)!.backend, "huggingface", "a reader's token picks Hugging Face when no server answers");
    assert.equal(asked.some((u) => u.startsWith(`${page}/v1`)), false);
  });
});
