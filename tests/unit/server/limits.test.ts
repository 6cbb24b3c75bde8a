/**
 * Limits and refusals: abort frees the slot, a full queue gets 429 with
 * Retry-After, bad input gets 400 naming the field, oversize bodies 413,
 * unknown models 404 under that policy, the API key, CORS, the rate limit
 * and the request timeout.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import OpenAI from "openai";
import { sseEvents, startTinyServer, TINY, waitFor } from "./helpers/tinyServer.ts";
import type { TinyServer } from "./helpers/tinyServer.ts";

const messages = [{ role: "user" as const, content: "Write a long essay." }];

function post(base: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${base}/v1/chat/completions`, {
    method: "POST",
    ...(signal ? { signal } : {}),
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function health(base: string): Promise<{ busy: number; waiting: number }> {
  const body = (await (await fetch(`${base}/healthz`)).json()) as { models: { busy: number; waiting: number }[] };
  return body.models[0]!;
}

describe("one slot, one waiting place, long generations", () => {
  let server: TinyServer;
  before(async () => {
    // A context far larger than the prompt, so an unaborted generation would run for seconds.
    server = await startTinyServer({ QUEUE_LENGTH: "1", MAX_TOKENS_CAP: "8000", BODY_LIMIT_BYTES: "4096" }, { parallel: 1, contextSize: 8192 });
  });
  after(() => server.stop());

  test("aborting a stream frees the slot: the next request starts within 2 s", async () => {
    const client = new OpenAI({ apiKey: "unused", baseURL: `${server.base}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: TINY, messages, max_tokens: 8000, temperature: 0, stream: true });
    let chunks = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) chunks++;
      if (chunks === 3) break; // leaving the loop aborts the request
    }
    const started = performance.now();
    const next = await client.chat.completions.create({ model: TINY, messages, max_tokens: 2, temperature: 0, stream: true });
    let firstTokenAfter: number | undefined;
    for await (const chunk of next) {
      if (chunk.choices[0]?.delta.content && firstTokenAfter === undefined) firstTokenAfter = performance.now() - started;
    }
    assert.ok(firstTokenAfter !== undefined, "the next request generated");
    assert.ok(firstTokenAfter < 2000, `next request's first token after ${Math.round(firstTokenAfter)} ms`);
    await waitFor(async () => (await health(server.base)).busy === 0);

    const metrics = await (await fetch(`${server.base}/metrics`)).text();
    const generated = Number(/carnet_tokens_generated_total\{model="carnet-tiny-demo"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    assert.ok(generated < 4000, `the aborted generation stopped early (${generated} tokens in all)`);
    assert.match(metrics, /carnet_generations_total\{model="carnet-tiny-demo",outcome="client_gone"\} 1\n/);
    assert.match(metrics, /carnet_generations_total\{model="carnet-tiny-demo",outcome="completed"\} 1\n/);
  });

  test("a full queue answers 429 with Retry-After, never 503", async () => {
    const holder = new AbortController();
    const running = await post(server.base, { model: TINY, messages, max_tokens: 8000, temperature: 0, stream: true }, {}, holder.signal);
    const events = sseEvents(running);
    await events.next(); // the role chunk: the slot is taken
    const waitingRequest = post(server.base, { model: TINY, messages, max_tokens: 2, temperature: 0 });
    await waitFor(async () => (await health(server.base)).waiting === 1);

    const refused = await post(server.base, { model: TINY, messages, max_tokens: 2 });
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After is a whole number of seconds (${retryAfter})`);
    const body = (await refused.json()) as { error: string };
    assert.match(body.error, /busy/);

    holder.abort(); // the holder goes away; the waiting request gets the slot at once
    await assert.rejects(async () => {
      for await (const event of events) void event; // buffered events, then the aborted read
    });
    const served = await waitingRequest;
    assert.equal(served.status, 200);
  });

  test("bad JSON gets 400 with a clear message", async () => {
    const response = await post(server.base, '{"model": "x", "messages": [');
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /not valid JSON/);
  });

  test("a wrong field type gets 400 naming the field", async () => {
    const response = await post(server.base, { model: TINY, messages, max_tokens: "12" });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, "max_tokens: must be an integer or null");
    const nested = await post(server.base, { model: TINY, messages: [{ role: "wizard", content: "hi" }] });
    assert.equal(nested.status, 400);
    assert.match(((await nested.json()) as { error: string }).error, /^messages\[0\]\.role: must be one of system, developer, user, assistant or tool$/);
  });

  test("empty messages get 400", async () => {
    const response = await post(server.base, { model: TINY, messages: [] });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, "messages: must not be empty");
    const missing = await post(server.base, { model: TINY });
    assert.equal(((await missing.json()) as { error: string }).error, "messages: is required");
  });

  test("an oversize body gets 413", async () => {
    const response = await post(server.base, { model: TINY, messages: [{ role: "user", content: "x".repeat(10_000) }] });
    assert.equal(response.status, 413);
    assert.match(((await response.json()) as { error: string }).error, /larger than this server's limit of 4096 bytes/);
  });

  test("image parts are refused by local models, naming the part", async () => {
    const response = await post(server.base, {
      model: TINY,
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:," } }] }],
    });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /^messages\[0\]\.content\[0\]: local models read text parts only/);
  });

  test("unknown API paths get a JSON 404", async () => {
    const response = await fetch(`${server.base}/v1/embeddings`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    assert.equal(response.status, 404);
    assert.match(((await response.json()) as { error: string }).error, /no API route/);
  });
});

describe("unknown models with the not-found policy", () => {
  let server: TinyServer;
  before(async () => {
    server = await startTinyServer({ UNKNOWN_MODEL_POLICY: "not-found" });
  });
  after(() => server.stop());

  test("404 lists the available models", async () => {
    const response = await post(server.base, { model: "Qwen/Qwen2.5-7B-Instruct", messages });
    assert.equal(response.status, 404);
    const body = (await response.json()) as { error: string; available_models: string[] };
    assert.match(body.error, /"Qwen\/Qwen2\.5-7B-Instruct" is not served here/);
    assert.match(body.error, /Available models: carnet-tiny-demo/);
    assert.deepEqual(body.available_models, [TINY]);
  });
});

describe("API key, CORS, rate limit and timeout", () => {
  let server: TinyServer;
  before(async () => {
    server = await startTinyServer({ CARNET_API_KEY: "class-key", RATE_LIMIT_PER_MINUTE: "4", CORS_ORIGINS: "https://lessons.example", REQUEST_TIMEOUT_MS: "300" });
  });
  after(() => server.stop());

  test("without the key: 401 with a clear message; with it: 200", async () => {
    const missing = await fetch(`${server.base}/v1/models`);
    assert.equal(missing.status, 401);
    assert.match(((await missing.json()) as { error: string }).error, /Authorization: Bearer/);
    const wrong = await fetch(`${server.base}/v1/models`, { headers: { authorization: "Bearer nope" } });
    assert.equal(wrong.status, 401);
    const right = await fetch(`${server.base}/v1/models`, { headers: { authorization: "Bearer class-key" } });
    assert.equal(right.status, 200);
    const page = await fetch(`${server.base}/en/lessons/welcome/`);
    assert.equal(page.status, 200, "the site itself needs no key");
  });

  test("/metrics needs the key too; /healthz does not", async () => {
    const missing = await fetch(`${server.base}/metrics`);
    assert.equal(missing.status, 401);
    assert.match(((await missing.json()) as { error: string }).error, /CARNET_API_KEY/);
    const right = await fetch(`${server.base}/metrics`, { headers: { authorization: "Bearer class-key" } });
    assert.equal(right.status, 200);
    assert.match(await right.text(), /carnet_http_requests_total/);
    assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
  });

  test("CORS: configured and same origins are allowed, others refused", async () => {
    const auth = { authorization: "Bearer class-key" };
    const preflight = await fetch(`${server.base}/v1/chat/completions`, {
      method: "OPTIONS",
      headers: { origin: "https://lessons.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "https://lessons.example");
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /authorization/);

    const other = await fetch(`${server.base}/v1/models`, { headers: { ...auth, origin: "https://elsewhere.example" } });
    assert.equal(other.status, 403);
    assert.equal(other.headers.get("access-control-allow-origin"), null);
    assert.match(((await other.json()) as { error: string }).error, /CORS_ORIGINS/);

    const local = await fetch(`${server.base}/v1/models`, { headers: { ...auth, origin: "http://localhost:3000" } });
    assert.equal(local.status, 403, "localhost is not allowed when CORS_ORIGINS leaves it out");

    const same = await fetch(`${server.base}/v1/models`, { headers: { ...auth, origin: server.base } });
    assert.equal(same.status, 200);
  });

  test("a request that runs past the timeout is stopped", async () => {
    const response = await post(server.base, { model: TINY, messages, max_tokens: 1000, temperature: 0 }, { authorization: "Bearer class-key" });
    if (response.status === 429) return assert.fail("rate limit reached before the timeout test");
    assert.equal(response.status, 504);
    assert.match(((await response.json()) as { error: string }).error, /longer than this server's limit of 300 ms/);
  });

  test("the per-client rate limit answers 429 with Retry-After", async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 10 && !limited; i++) {
      const response = await fetch(`${server.base}/v1/models`, { headers: { authorization: "Bearer class-key" } });
      if (response.status === 429) limited = response;
    }
    assert.ok(limited, "the limit was reached within 10 requests");
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.match(((await limited.json()) as { error: string }).error, /too many requests/);
  });
});

describe("what the rate limit counts", () => {
  const models = (base: string, from: string, key?: string) =>
    fetch(`${base}/v1/models`, { headers: { "x-forwarded-for": from, ...(key ? { authorization: `Bearer ${key}` } : {}) } });

  test("without a key, each client address has its own budget", async () => {
    const server = await startTinyServer({ RATE_LIMIT_PER_MINUTE: "2", TRUST_PROXY: "true" });
    try {
      for (let i = 0; i < 2; i++) assert.equal((await models(server.base, "192.0.2.1")).status, 200);
      assert.equal((await models(server.base, "192.0.2.1")).status, 429);
      assert.equal((await models(server.base, "192.0.2.2")).status, 200, "another address is counted apart");
    } finally {
      await server.stop();
    }
  });

  test("with a key, requests count against the key, whatever their address", async () => {
    const server = await startTinyServer({ RATE_LIMIT_PER_MINUTE: "2", TRUST_PROXY: "true", CARNET_API_KEY: "class-key" });
    try {
      assert.equal((await models(server.base, "192.0.2.1", "class-key")).status, 200);
      assert.equal((await models(server.base, "192.0.2.2", "class-key")).status, 200);
      const third = await models(server.base, "192.0.2.3", "class-key");
      assert.equal(third.status, 429);
      assert.match(((await third.json()) as { error: string }).error, /too many requests from this API key/);
      assert.equal((await models(server.base, "192.0.2.4")).status, 401, "a request without the key is refused before it is counted");
    } finally {
      await server.stop();
    }
  });
});
