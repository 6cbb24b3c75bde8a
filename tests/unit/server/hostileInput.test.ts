/**
 * The defects a review with hostile requests found, one test each: a model
 * id no header can carry, DNS rebinding, stalled clients, a prompt far over
 * the context, `%25` in a model path, `//` paths, `If-None-Match` forms,
 * aborted requests in /metrics, framework errors in the API's shape.
 */
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, test } from "node:test";
import { rawRequest } from "./helpers/rawRequest.ts";
import { sseEvents, startTinyServer, TINY, waitFor } from "./helpers/tinyServer.ts";
import type { TinyServer } from "./helpers/tinyServer.ts";

// About 1,300 tokens of the tiny model: its first token takes long enough for the stream writer's timer to send the head.
const longPrompt = "Tell me about tokens, slowly and at length. ".repeat(30);
const odd = ["模型", "ｏｒｇ／ｍｏｄｅｌ", "🦙-model", "bad\u0001id", "line\nbreak", "Ω"];

function chat(base: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

async function alive(base: string): Promise<void> {
  const health = await fetch(`${base}/healthz`);
  assert.equal(health.status, 200, "the server still answers /healthz");
}

describe("hostile requests", () => {
  let server: TinyServer;
  before(async () => {
    server = await startTinyServer({ STREAM_FLUSH_MS: "10" }, { contextSize: 2048 });
  });
  after(() => server.stop());

  for (const id of odd) {
    test(`a streamed request for model ${JSON.stringify(id)} streams, with the id encoded in its header`, async () => {
      const response = await chat(server.base, { model: id, messages: [{ role: "user", content: longPrompt }], max_tokens: 3, stream: true });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
      assert.equal(decodeURIComponent(response.headers.get("x-requested-model") ?? ""), id);
      let done = false;
      for await (const event of sseEvents(response)) if (event === "[DONE]") done = true;
      assert.ok(done, "the stream ended with [DONE]");
      await alive(server.base);
    });

    test(`a whole reply for model ${JSON.stringify(id)} is 200 in the API's shape`, async () => {
      const response = await chat(server.base, { model: id, messages: [{ role: "user", content: "hi" }], max_tokens: 2 });
      assert.equal(response.status, 200);
      assert.equal(decodeURIComponent(response.headers.get("x-requested-model") ?? ""), id);
      const body = (await response.json()) as { model: string };
      assert.equal(body.model, TINY);
    });
  }

  test("a prompt far over the context is refused by size, naming the limit", async () => {
    const response = await chat(server.base, { model: TINY, messages: [{ role: "user", content: "token ".repeat(150_000) }] });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /^messages: the conversation is at least \d+ tokens long; this model's context holds 2048$/);
  });

  test("a Host that is not a loopback or configured name is refused (DNS rebinding)", async () => {
    const port = new URL(server.base).port;
    const rebind = await rawRequest(server.base, { path: "/v1/models", headers: { host: `rebind.evil.example:${port}`, origin: `http://rebind.evil.example:${port}` } });
    assert.equal(rebind.status, 421);
    assert.equal(rebind.headers["access-control-allow-origin"], undefined);
    assert.match(JSON.parse(rebind.body).error, /ALLOWED_HOSTS/);
    for (const host of ["[::1]evil", `[::1]:${port}evil`, `localhost:${port}/x`, `user@localhost:${port}`]) {
      const odd = await rawRequest(server.base, { path: "/v1/models", headers: { host } });
      assert.equal(odd.status, 421, `${host}: not a URL authority`);
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const ok = await rawRequest(server.base, { path: "/v1/models", headers: { host } });
      assert.equal(ok.status, 200, host);
    }
  });

  test("a model id of `%25` is looked up once, not decoded twice", async () => {
    const response = await fetch(`${server.base}/v1/models/%25`);
    assert.equal(response.status, 404);
    assert.match(((await response.json()) as { error: string }).error, /model "%" is not served here/);
  });

  test("a model id in the path is percent-decoded", async () => {
    const response = await fetch(`${server.base}/models/carnet%2Dtiny%2Ddemo/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "hi" }], max_tokens: 1 }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("x-served-model"), TINY);
    assert.equal(response.headers.get("x-requested-model"), null, "served as asked, not as a fallback");
  });

  test("a path starting with // never redirects off the site", async () => {
    const response = await rawRequest(server.base, { path: "//en" });
    const location = String(response.headers.location ?? "");
    assert.ok(!/^(\/\/|\/\\|[a-z]+:)/i.test(location), `Location ${location}`);
  });

  test("If-None-Match with the strong form of the ETag, or *, gives 304", async () => {
    // A raw request: fetch adds Cache-Control: no-cache to conditional requests, which asks for a full reply.
    const page = await rawRequest(server.base, { path: "/en/lessons/welcome/" });
    const etag = String(page.headers.etag ?? "");
    assert.ok(etag);
    for (const tag of [etag.replace(/^W\//, ""), "*", `"other", ${etag}`]) {
      const again = await rawRequest(server.base, { path: "/en/lessons/welcome/", headers: { "if-none-match": tag } });
      assert.equal(again.status, 304, tag);
    }
  });

  test("framework errors leave as {error: string}", async () => {
    for (const path of ["/v1/models/%", "/v1/%E0%A4%A"]) {
      const response = await rawRequest(server.base, { path });
      assert.ok(response.status >= 400 && response.status < 500, `${path}: ${response.status}`);
      assert.equal(typeof JSON.parse(response.body).error, "string", path);
    }
    const wrongType = await rawRequest(server.base, { method: "POST", path: "/v1/chat/completions", headers: { "content-type": "application/xml" }, body: "<hi/>" });
    assert.equal(wrongType.status, 415);
    assert.equal(typeof JSON.parse(wrongType.body).error, "string");
  });

  test("an aborted stream is not counted as a 200 in /metrics", async () => {
    const before = await (await fetch(`${server.base}/metrics`)).text();
    const count = (text: string, status: string) => Number(new RegExp(`carnet_http_requests_total\\{route="chat",status="${status}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    const aborting = new AbortController();
    const streaming = await fetch(`${server.base}/v1/chat/completions`, {
      method: "POST",
      signal: aborting.signal,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: TINY, messages: [{ role: "user", content: longPrompt }], max_tokens: 2000, stream: true }),
    });
    const events = sseEvents(streaming);
    await events.next();
    aborting.abort();
    await waitFor(async () => count(await (await fetch(`${server.base}/metrics`)).text(), "aborted") > count(before, "aborted"));
  });
});

describe("stalled clients", () => {
  let server: TinyServer;
  before(async () => {
    server = await startTinyServer({ HEADERS_TIMEOUT_MS: "300", BODY_TIMEOUT_MS: "300", IDLE_TIMEOUT_MS: "300" });
  });
  after(() => server.stop());

  const stall = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const url = new URL(server.base);
      const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
      socket.on("data", () => {});
      socket.on("error", () => {});
      socket.on("close", () => resolve());
      setTimeout(() => reject(new Error("the server kept a stalled socket open")), 10_000).unref();
    });

  test("a client that sends nothing, half the headers, or half the body is disconnected", async () => {
    await Promise.all([
      stall(""),
      stall("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
      stall("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"messages\":"),
    ]);
    await alive(server.base);
  });
});

describe("connections after a chat reply", () => {
  let server: TinyServer;
  before(async () => {
    server = await startTinyServer({ KEEP_ALIVE_TIMEOUT_MS: "300", IDLE_TIMEOUT_MS: "600000" });
  });
  after(() => server.stop());

  test("an idle keep-alive connection closes after KEEP_ALIVE_TIMEOUT_MS, as after any other request", async () => {
    const url = new URL(server.base);
    const body = JSON.stringify({ model: TINY, messages: [{ role: "user", content: "hi" }], max_tokens: 1 });
    const closed = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () =>
        socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`),
      );
      let received = "";
      socket.on("data", (d) => (received += d.toString()));
      socket.on("error", () => {});
      socket.on("close", () => resolve(received));
      // Far below IDLE_TIMEOUT_MS (10 min), far above KEEP_ALIVE_TIMEOUT_MS.
      setTimeout(() => reject(new Error("the connection was still open after 20 s")), 20_000).unref();
    });
    assert.match(closed, /^HTTP\/1\.1 200 /);
  });
});
