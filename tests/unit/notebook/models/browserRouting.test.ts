/**
 * The engine in this browser, as the kernel reaches it: the real
 * @huggingface/inference, routed, talking through `EnginePort` to a
 * stand-in for the page's engine host that sends typed replies. No request
 * touches the network; the cell's unchanged calls stream, name the model
 * that answered, report the wait, download and load, explain failures, and
 * cancel on abort.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as inference from "@huggingface/inference";
import { EnginePort } from "../../../../src/notebook/models/shared/backends/browser.ts";
import type { EngineAsk, EngineReply, TokenLogprob } from "../../../../src/notebook/models/shared/browser/engineMessages.ts";
import type { ModelReport } from "../../../../src/notebook/models/shared/report.ts";
import { routeInference } from "../../../../src/notebook/models/kernel/routedInference.ts";
import type { FromKernel } from "../../../../src/notebook/protocol.ts";

const page = "http://127.0.0.1:4321";
const LLAMA = "meta-llama/Llama-3.1-8B-Instruct";
const TINY = "carnet-tiny-demo";
const messages = [{ role: "user", content: "Hi" }];
const chunk = (text: string): EngineReply => ({ type: "chunk", text });

/** A page that answers each engine request with `replies`, recording requests and cancels. */
function setup(replies: EngineReply[], options: { env?: Record<string, string> } = {}) {
  const requests: EngineAsk[] = [];
  const cancelled: number[] = [];
  const network: string[] = [];
  const reports: ModelReport[] = [];
  const waiters: { state: ModelReport["state"]; go: () => void }[] = [];
  const onReport = (r: ModelReport) => {
    reports.push(r);
    for (const w of waiters.filter((w) => w.state === r.state)) w.go();
  };
  /** Resolves once a report in `state` has come. */
  const reported = (state: ModelReport["state"]) => (reports.some((r) => r.state === state) ? Promise.resolve() : new Promise<void>((go) => waiters.push({ state, go })));
  const link: EnginePort = new EnginePort((message: FromKernel) => {
    if (message.type === "engineCancel") cancelled.push(message.request);
    if (message.type !== "engine") return;
    requests.push(message.ask);
    queueMicrotask(() => {
      for (const reply of replies) link.receive({ type: "engine", request: message.request, reply });
    });
  });
  const fetch = (async (url: string) => {
    network.push(String(url));
    throw new Error("no network in this test");
  }) as unknown as typeof globalThis.fetch;
  const env = { CARNET_MODEL_BACKEND: "browser", ...options.env };
  const module = routeInference(inference as unknown as Record<string, unknown>, env, { report: onReport, pageOrigin: page, fetch, engine: link });
  const InferenceClient = module.InferenceClient as typeof inference.InferenceClient;
  return { client: new InferenceClient(), requests, cancelled, network, reports, reported };
}

const report = (report: Extract<EngineReply, { type: "report" }>["report"]): EngineReply => ({ type: "report", report });
const start = report({ type: "start", served: TINY, requested: LLAMA, demo: true });

const answer: EngineReply[] = [
  report({ type: "loading", model: TINY, kept: true }),
  start,
  chunk("one"),
  chunk(" two"),
  chunk(" three"),
  { type: "done", finish: "stop", usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } },
];

describe("the browser engine backend", () => {
  test("a streamed answer: chunks in order, the model named, instead of the one asked for, no network", async () => {
    const { client, requests, network, reports } = setup(answer, { env: { CARNET_BROWSER_MODEL: TINY } });
    let text = "";
    for await (const c of client.chatCompletionStream({ model: LLAMA, messages, max_tokens: 8 })) text += c.choices[0]?.delta?.content ?? "";
    assert.equal(text, "one two three");
    assert.deepEqual(network, []);
    assert.deepEqual(requests[0], { model: TINY, requested: LLAMA, messages, max_tokens: 8 }, "a typed request: the catalogue model, the one asked for, the checked fields");
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
    const { client, reports } = setup([report({ type: "consent", ...consent }), report({ type: "loading", model: consent.model, kept: false }), ...answer.slice(1)]);
    await client.chatCompletion({ model: LLAMA, messages });
    assert.equal(reports[0]!.state, "consent");
    assert.deepEqual(reports[0]!.consent, consent);
    assert.equal(reports.at(-1)!.fromMemory, true, "a file the browser did not keep is said to run from memory");
  });

  test("waiting its turn and the download are reported with bytes", async () => {
    const { client, reports } = setup([report({ type: "waiting" }), report({ type: "download", loaded: 10, total: 40, secondsLeft: 3 }), ...answer]);
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
    const { client, reports } = setup([start, chunk("one"), { type: "error", code: "browserFailed", detail: "out of memory" }]);
    await assert.rejects(async () => {
      for await (const _ of client.chatCompletionStream({ model: LLAMA, messages })) void _;
    });
    assert.equal(reports.at(-1)!.problem?.code, "browserFailed");
    assert.equal(reports.at(-1)!.problem?.detail, "out of memory");
  });

  test("a cell that stops reading cancels the generation in the page", async () => {
    const { client, cancelled } = setup([start, chunk("one")]);
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

/** A token's entry with `k` alternatives, most likely first (the page sends them so). */
function entry(token: string, k: number): TokenLogprob {
  const alternatives = Array.from({ length: k }, (_, i) => ({ token: i === 0 ? token : `alt${i}`, logprob: Math.log(0.5 / 2 ** i), bytes: [...new TextEncoder().encode(i === 0 ? token : `alt${i}`)] }));
  return { ...alternatives[0]!, top_logprobs: alternatives };
}

const withProbabilities: EngineReply[] = [
  start,
  { type: "chunk", text: "one", logprobs: [entry("one", 5)] },
  { type: "chunk", text: " two", logprobs: [entry(" tw", 5), entry("o", 5)] },
  { type: "done", finish: "length", usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } },
];

describe("token probabilities through the browser engine", () => {
  test("chatCompletion: every token's entry in choices[0].logprobs.content, in the OpenAI shape", async () => {
    const { client, requests } = setup(withProbabilities);
    const reply = await client.chatCompletion({ model: LLAMA, messages, max_tokens: 3, logprobs: true, top_logprobs: 5 });
    assert.equal(requests[0]!.top_logprobs, 5, "the page is asked for 5 alternatives");
    const choice = reply.choices[0]!;
    assert.equal(choice.message.content, "one two");
    assert.equal(choice.finish_reason, "length");
    assert.deepEqual(choice.logprobs, { content: [entry("one", 5), entry(" tw", 5), entry("o", 5)], refusal: null });
  });

  test("chatCompletionStream: each chunk carries the entries of its own tokens; the closing chunk none", async () => {
    const { client } = setup(withProbabilities);
    const chunks = [];
    for await (const c of client.chatCompletionStream({ model: LLAMA, messages, logprobs: true, top_logprobs: 5 })) chunks.push(c);
    assert.deepEqual(
      chunks.map((c) => c.choices[0]?.logprobs ?? null),
      [{ content: [entry("one", 5)], refusal: null }, { content: [entry(" tw", 5), entry("o", 5)], refusal: null }, null],
    );
    assert.deepEqual(chunks.map((c) => c.choices[0]?.delta), [{ role: "assistant", content: "one" }, { content: " two" }, {}]);
    assert.deepEqual(chunks.map((c) => c.choices[0]?.finish_reason), [null, null, "length"]);
    assert.equal(new Set(chunks.map((c) => c.id)).size, 1, "one answer, one id");
    assert.equal(chunks[0]!.object, "chat.completion.chunk");
  });

  test("without logprobs nothing is asked and logprobs is null; logprobs alone asks for no alternatives", async () => {
    const plain = setup(answer);
    const reply = await plain.client.chatCompletion({ model: LLAMA, messages });
    assert.equal(plain.requests[0]!.top_logprobs, undefined);
    assert.equal(reply.choices[0]!.logprobs, null);
    const alone = setup(answer);
    const counted = await alone.client.chatCompletion({ model: LLAMA, messages, logprobs: true });
    assert.equal(alone.requests[0]!.top_logprobs, 0);
    assert.deepEqual(counted.choices[0]!.logprobs, { content: [], refusal: null });
  });

  test("the page gets the request typed: text parts joined, a developer message as system, stop passed on, the client's own fields left out", async () => {
    const { client, requests } = setup(answer);
    await client.chatCompletion({
      model: LLAMA,
      messages: [{ role: "developer", content: "Be brief." }, { role: "user", content: [{ type: "text", text: "Hi " }, { type: "text", text: "there" }] }],
      stop: ["\n"],
      seed: 3,
      temperature: 0.5,
      top_p: 0.9,
    });
    assert.deepEqual(requests[0], {
      model: "",
      requested: LLAMA,
      messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi there" }],
      temperature: 0.5,
      top_p: 0.9,
      seed: 3,
      stop: ["\n"],
    });
  });

  /** Sends a chat call whole and streamed with `args`; both must be refused with `detail` before the page is asked. Returns the problem of every report. */
  async function refusedBeforeThePage(args: Record<string, unknown>, detail: string): Promise<unknown[]> {
    const { client, requests, reports } = setup(answer);
    await assert.rejects(client.chatCompletion({ model: LLAMA, messages, ...args } as Parameters<typeof client.chatCompletion>[0]), (error: Error) => error.message.includes(detail));
    await assert.rejects(async () => {
      for await (const _ of client.chatCompletionStream({ model: LLAMA, messages, ...args } as Parameters<typeof client.chatCompletionStream>[0])) void _;
    }, (error: Error) => error.message.includes(detail));
    assert.deepEqual(requests, []);
    return reports.map((r) => r.problem);
  }

  // The probability fields are checked for every backend before routing, with the same rule text as the site's server.
  for (const [name, args, field, detail] of [
    ["top_logprobs above 20", { logprobs: true, top_logprobs: 21 }, "top_logprobs", "top_logprobs: must be a whole number from 0 to 20"],
    ["a negative top_logprobs", { logprobs: true, top_logprobs: -1 }, "top_logprobs", "top_logprobs: must be a whole number from 0 to 20"],
    ["a fractional top_logprobs", { logprobs: true, top_logprobs: 2.5 }, "top_logprobs", "top_logprobs: must be a whole number"],
    ["logprobs that is not a boolean", { logprobs: "yes", top_logprobs: 5 }, "logprobs", "logprobs: must be true or false"],
    ["top_logprobs without logprobs", { top_logprobs: 5 }, "top_logprobs", "top_logprobs: needs logprobs: true"],
  ] as const) {
    test(`${name} is refused before the page is asked, naming the field`, async () => {
      const problems = (await refusedBeforeThePage(args, detail)).filter(Boolean) as { code: string; field?: string }[];
      assert.deepEqual(problems.map((p) => ({ code: p.code, field: p.field })), [{ code: "badField", field }, { code: "badField", field }]);
    });
  }
  for (const [name, args, detail] of [
    ["a temperature above 2", { temperature: 3 }, "temperature: must be a number from 0 to 2"],
    ["max_tokens of 0", { max_tokens: 0 }, "max_tokens: must be an integer of at least 1"],
  ] as const) {
    test(`${name} is refused before the page is asked, naming the field`, async () => {
      assert.deepEqual(await refusedBeforeThePage(args, detail), [{ code: "browserRequest", backend: "browser", detail }, { code: "browserRequest", backend: "browser", detail }]);
    });
  }
});

describe("stopping a call to the browser engine", () => {
  const large = { model: "smollm2-360m-instruct-q8_0", label: "SmolLM2 360M", bytes: 386_000_000, host: "huggingface.co", license: "Apache-2.0", fit: { likely: undefined } };
  for (const [moment, replies, state] of [
    ["while the reader is asked for consent", [report({ type: "consent", ...large })], "consent"],
    ["during the download", [report({ type: "download", loaded: 10, total: 40 })], "downloading"],
    ["while waiting its turn", [report({ type: "waiting" })], "waiting"],
    ["between two tokens", [start, chunk("one")], "streaming"],
  ] as const) {
    test(`aborting ${moment} ends the call at once and cancels it in the page`, async () => {
      const { client, cancelled, reports, reported } = setup([...replies]);
      const controller = new AbortController();
      const streamed = (async () => {
        for await (const _ of client.chatCompletionStream({ model: LLAMA, messages }, { signal: controller.signal })) void _;
      })();
      await reported(state);
      controller.abort();
      await assert.rejects(streamed, (error: Error) => error.name === "AbortError");
      assert.deepEqual(cancelled, [1]);
      assert.equal(reports.some((r) => r.state === "failed" || r.state === "done"), false, "a stopped call is not a failure");

      const whole = setup([...replies]);
      const stop = new AbortController();
      const answered = whole.client.chatCompletion({ model: LLAMA, messages }, { signal: stop.signal });
      await whole.reported(state);
      stop.abort();
      await assert.rejects(answered, (error: Error) => error.name === "AbortError");
      assert.deepEqual(whole.cancelled, [1]);
    });
  }

  test("a reply after the end, and a cancel after it, change nothing", () => {
    const posted: FromKernel[] = [];
    const port = new EnginePort((message) => posted.push(message));
    const got: EngineReply[] = [];
    const cancel = port.ask({ model: "", messages: [{ role: "user", content: "Hi" }] }, (reply) => got.push(reply));
    port.receive({ type: "engine", request: 1, reply: { type: "done", finish: "stop" } });
    port.receive({ type: "engine", request: 1, reply: chunk("late") });
    port.receive({ type: "engine", request: 2, reply: chunk("unknown") });
    cancel();
    assert.deepEqual(got, [{ type: "done", finish: "stop" }]);
    assert.deepEqual(posted.map((m) => m.type), ["engine"]);
  });
});
