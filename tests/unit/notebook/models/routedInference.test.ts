/**
 * The real @huggingface/inference, adapted as the kernel adapts it, with a
 * recording fetch: where each backend sends a cell's unchanged call, which
 * headers go along, and what the page is told.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as inference from "@huggingface/inference";
import type { ModelReport } from "../../../../src/notebook/models/shared/report.ts";
import { routeInference } from "../../../../src/notebook/models/kernel/routedInference.ts";
import { chatReply, fakeFetch, json, sseReply, type Handler } from "./fakeFetch.ts";

const page = "http://127.0.0.1:4321";
const token = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456";
const LLAMA = "meta-llama/Llama-3.1-8B-Instruct";
const TINY = "carnet-tiny-demo";
const messages = [{ role: "user", content: "Hi" }];
const siteModels = json({ object: "list", data: [{ id: TINY, object: "model", demo: true }] });

type Client = InstanceType<typeof inference.InferenceClient>;

function setup(env: Record<string, string>, handler: Handler) {
  const net = fakeFetch(handler);
  const reports: ModelReport[] = [];
  const module = routeInference(inference as unknown as Record<string, unknown>, env, { report: (r) => reports.push(r), pageOrigin: page, fetch: net.fetch });
  const InferenceClient = module.InferenceClient as typeof inference.InferenceClient;
  return { net, reports, InferenceClient, module };
}

/** This site's server: lists the tiny model, answers every chat with it (as its fallback policy does). */
const siteServer: Handler = (req) => {
  if (req.url === `${page}/v1/models`) return siteModels;
  if (req.url === `${page}/v1/chat/completions`) {
    const body = JSON.parse(req.body ?? "{}") as { stream?: boolean; model?: string };
    const headers = { "x-served-model": TINY, "x-requested-model": body.model ?? "" };
    return body.stream ? sseReply(TINY, ["one", " two", " three", " four"], headers, req.signal) : json(chatReply(TINY, "hello", 4), 200, headers);
  }
  return new Response("not found", { status: 404 });
};

describe("routed @huggingface/inference", () => {
  test("keeps the library's exports and constructor shape", () => {
    const { module, InferenceClient } = setup({}, siteServer);
    for (const name of ["chatCompletion", "chatCompletionStream", "InferenceClientProviderApiError", "HfInference"]) assert.ok(name in module, name);
    const client: Client = new InferenceClient(token);
    assert.equal(typeof client.chatCompletion, "function");
    assert.equal(typeof client.endpoint("http://x/v1").chatCompletionStream, "function");
    assert.equal(JSON.stringify(Object.entries(client)).includes(token), false, "the token is not an enumerable property");
  });

  test("auto on a site that answers /v1/models: the site's server, without the token", async () => {
    const { net, reports, InferenceClient } = setup({ HF_TOKEN: token }, siteServer);
    const client: Client = new InferenceClient(token);
    const reply = await client.chatCompletion({ model: LLAMA, messages, max_tokens: 8 });
    assert.equal(reply.choices[0]!.message.content, "hello");
    const chat = net.requests.find((r) => r.method === "POST")!;
    assert.equal(chat.url, `${page}/v1/chat/completions`);
    assert.equal(chat.headers.get("authorization"), null);
    assert.equal(JSON.parse(chat.body!).model, LLAMA);
    assert.equal(reports.length, 1);
    assert.deepEqual(
      { ...reports[0], ms: undefined, tokensPerSecond: undefined },
      { id: 1, state: "done", backend: "site", origin: page, requested: LLAMA, served: TINY, instead: true, demo: true, tokens: 4, ms: undefined, tokensPerSecond: undefined },
    );
    assert.ok(reports[0]!.tokensPerSecond! > 0);
  });

  test("auto on a static site: Hugging Face's router, untouched, with the token", async () => {
    const { net, reports, InferenceClient } = setup({ HF_TOKEN: token }, (req) =>
      req.url.startsWith("https://router.huggingface.co/") ? json(chatReply("meta-llama/llama-3.1-8b-instruct")) : new Response("<html>404</html>", { status: 404 }),
    );
    await new InferenceClient(token).chatCompletion({ model: LLAMA, messages });
    const chat = net.requests.find((r) => r.method === "POST")!;
    assert.equal(chat.url, "https://router.huggingface.co/v1/chat/completions");
    assert.equal(chat.headers.get("authorization"), `Bearer ${token}`);
    assert.equal(reports[0]!.backend, "huggingface");
    assert.equal(reports[0]!.instead, undefined, "a provider's own spelling of the id is not a substitution");
  });

  test("Hugging Face with a provider chosen in the settings: the library's provider route", async () => {
    const { net, InferenceClient } = setup({ HF_TOKEN: token, CARNET_MODEL_BACKEND: "huggingface", CARNET_HF_PROVIDER: "together" }, (req) => {
      if (req.url.startsWith("https://huggingface.co/api/models/")) {
        return json({ inferenceProviderMapping: [{ provider: "together", providerId: "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", hfModelId: LLAMA, status: "live", task: "conversational" }] });
      }
      return json(chatReply("meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo"));
    });
    await new InferenceClient(token).chatCompletion({ model: LLAMA, messages });
    const chat = net.requests.find((r) => r.method === "POST")!;
    assert.equal(chat.url, "https://router.huggingface.co/together/v1/chat/completions");
    assert.equal(chat.headers.get("authorization"), `Bearer ${token}`);
    assert.equal(net.requests.some((r) => r.url === `${page}/v1/models`), false, "an explicit choice asks the site nothing");
  });

  test("custom URL: the backend's /v1/chat/completions with its key, a provider in the cell is dropped", async () => {
    const { net, reports, InferenceClient } = setup(
      { HF_TOKEN: token, CARNET_MODEL_BACKEND: "custom", CARNET_MODEL_URL: "http://localhost:11434/v1", CARNET_MODEL_KEY: "ollama" },
      () => json(chatReply("llama3.2")),
    );
    await new InferenceClient(token).chatCompletion({ model: "llama3.2", messages, provider: "together" });
    assert.equal(net.requests.length, 1);
    assert.equal(net.requests[0]!.url, "http://localhost:11434/v1/chat/completions");
    assert.equal(net.requests[0]!.headers.get("authorization"), "Bearer ollama");
    assert.deepEqual([reports[0]!.backend, reports[0]!.origin, reports[0]!.served, reports[0]!.instead], ["custom", "http://localhost:11434", "llama3.2", undefined]);
  });

  test("a stream reports when its first token arrives, then tokens and tokens per second", async () => {
    const { reports, InferenceClient } = setup({ CARNET_MODEL_BACKEND: "site" }, siteServer);
    const pieces: string[] = [];
    for await (const chunk of new InferenceClient().chatCompletionStream({ model: LLAMA, messages })) {
      pieces.push(chunk.choices[0]?.delta?.content ?? "");
      if (pieces.length === 1) assert.deepEqual(reports.map((r) => r.state), ["streaming"]);
    }
    assert.equal(pieces.join(""), "one two three four");
    assert.deepEqual(reports.map((r) => [r.id, r.state]), [[1, "streaming"], [1, "done"]]);
    assert.deepEqual([reports[1]!.served, reports[1]!.tokens, reports[1]!.instead], [TINY, 4, true]);
    assert.ok(reports[1]!.tokensPerSecond! > 0);
    assert.ok(reports[1]!.firstTokenMs! >= 0);
  });

  test("a cell that stops reading a stream cancels its request", async () => {
    const { net, reports, InferenceClient } = setup({ CARNET_MODEL_BACKEND: "site" }, siteServer);
    for await (const chunk of new InferenceClient().chatCompletionStream({ model: LLAMA, messages })) {
      void chunk;
      break;
    }
    const chat = net.requests.find((r) => r.method === "POST")!;
    assert.equal(chat.signal?.aborted, true);
    assert.deepEqual(reports.map((r) => r.state), ["streaming"], "no failure is reported for a cancelled stream");
  });

  test("Hugging Face without a token: the client's own error, explained as noToken", async () => {
    const { net, reports, InferenceClient } = setup({ CARNET_MODEL_BACKEND: "huggingface" }, () => json({}));
    await assert.rejects(new InferenceClient(undefined).chatCompletion({ model: LLAMA, messages }), /Cannot select auto-router/);
    assert.equal(net.requests.length, 0);
    assert.deepEqual([reports[0]!.state, reports[0]!.problem?.code], ["failed", "noToken"]);
  });

  test("no network: the fetch error is rethrown, and unreachable reported", async () => {
    const { reports, InferenceClient } = setup({ HF_TOKEN: token, CARNET_MODEL_BACKEND: "huggingface" }, () => {
      throw new TypeError("fetch failed");
    });
    await assert.rejects(new InferenceClient(token).chatCompletion({ model: LLAMA, messages }), /fetch failed/);
    assert.equal(reports[0]!.problem?.code, "unreachable");
  });

  test("custom server that answers but refuses the origin: cors, naming both origins", async () => {
    const { net, reports, InferenceClient } = setup({ CARNET_MODEL_BACKEND: "custom", CARNET_MODEL_URL: "http://localhost:8080/v1" }, (req) => {
      if (req.mode === "no-cors") return new Response(null, { status: 200 });
      throw new TypeError("Failed to fetch");
    });
    await assert.rejects(new InferenceClient().chatCompletionStream({ model: "m", messages }).next(), /Failed to fetch/);
    assert.equal(net.requests.at(-1)!.url, "http://localhost:8080/v1/chat/completions", "the probe asks the URL that failed, not the origin's pages");
    assert.deepEqual([reports[0]!.problem?.code, reports[0]!.problem?.origin, reports[0]!.problem?.pageOrigin], ["cors", "http://localhost:8080", page]);
  });

  test("HTTP errors: 429 with its wait, 404 with the server's models, 401 with a token", async () => {
    const answers: Record<string, Response> = {
      a: json({ error: "too many requests" }, 429, { "retry-after": "9" }),
      b: json({ error: 'model "b" is not served here', available_models: [TINY] }, 404),
      c: json({ error: "Invalid credentials in Authorization header" }, 401),
    };
    const { reports, InferenceClient } = setup({ HF_TOKEN: token, CARNET_MODEL_BACKEND: "huggingface" }, (req) => answers[JSON.parse(req.body!).model]!);
    const client: Client = new InferenceClient(token);
    for (const model of ["a", "b", "c"]) await assert.rejects(client.chatCompletion({ model, messages }));
    assert.deepEqual(
      reports.map((r) => [r.problem?.code, r.problem?.retryAfterSeconds ?? r.problem?.available ?? r.problem?.status]),
      [["rateLimited", 9], ["modelNotServed", [TINY]], ["unauthorized", 401]],
    );
  });

  test("a time limit is added when the cell gives none; its expiry is reported as a timeout", async () => {
    const net = fakeFetch((req) => new Promise((_, reject) => req.signal?.addEventListener("abort", () => reject(req.signal!.reason))));
    const reports: ModelReport[] = [];
    const module = routeInference(inference as unknown as Record<string, unknown>, { CARNET_MODEL_BACKEND: "site" }, {
      report: (r) => reports.push(r),
      pageOrigin: page,
      fetch: net.fetch,
      defaultTimeoutMs: 50,
    });
    const { InferenceClient } = module as { InferenceClient: typeof inference.InferenceClient };
    await assert.rejects(new InferenceClient().chatCompletion({ model: "m", messages }), { name: "TimeoutError" });
    assert.equal(reports.at(-1)!.problem?.code, "timeout");
  });

  test("a cell that aborts its own request gets its AbortError and no report", async () => {
    const { reports, InferenceClient } = setup({ CARNET_MODEL_BACKEND: "site" }, (req) => new Promise((_, reject) => req.signal?.addEventListener("abort", () => reject(req.signal!.reason))));
    const controller = new AbortController();
    const pending = new InferenceClient().chatCompletion({ model: "m", messages }, { signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, { name: "AbortError" });
    assert.deepEqual(reports, []);
  });

  test("other tasks are not sent to a chat-only backend", async () => {
    const { net, reports, InferenceClient } = setup({ CARNET_MODEL_BACKEND: "site" }, siteServer);
    await assert.rejects(new InferenceClient().textClassification({ model: "m", inputs: "x" }), /only chatCompletion and chatCompletionStream/);
    assert.equal(net.requests.filter((r) => r.method === "POST").length, 0);
    assert.equal(reports[0]!.problem?.code, "unsupportedTask");
  });
});
