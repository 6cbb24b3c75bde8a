/** The slot queue, CORS matching, Host names, header values and the API key check, on their own. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { bearerMatches } from "../../../src/server/apiKey.ts";
import { isChatPath, modelOfPath } from "../../../src/server/chatCompletions.ts";
import { headerValue } from "../../../src/server/headerValue.ts";
import { hostPolicy } from "../../../src/server/hostCheck.ts";
import { originAllowed } from "../../../src/server/cors.ts";
import { QueueFullError, SlotQueue } from "../../../src/server/slotQueue.ts";

test("slots are handed out, then requests wait, then the full line is refused", async () => {
  const queue = new SlotQueue(1, 1);
  const signal = new AbortController().signal;
  const first = await queue.acquire(signal);
  const second = queue.acquire(signal);
  assert.equal(queue.waiting, 1);
  await assert.rejects(queue.acquire(signal), (error: unknown) => error instanceof QueueFullError && error.retryAfterSeconds >= 1);
  queue.release(first);
  assert.equal(await second, first, "the waiter gets the released slot");
  assert.equal(queue.busy, 1);
});

test("an aborted waiter leaves the line at once", async () => {
  const queue = new SlotQueue(1, 2);
  const slot = await queue.acquire(new AbortController().signal);
  const controller = new AbortController();
  const waiting = queue.acquire(controller.signal);
  controller.abort(new Error("gone"));
  await assert.rejects(waiting, /gone/);
  assert.equal(queue.waiting, 0);
  queue.release(slot);
  assert.equal(queue.busy, 0);
});

test("CORS: same origin always, localhost by keyword, listed origins exactly", () => {
  assert.equal(originAllowed("http://127.0.0.1:4321", "127.0.0.1:4321", []), true);
  assert.equal(originAllowed("http://localhost:5173", "127.0.0.1:4321", ["localhost"]), true);
  assert.equal(originAllowed("http://[::1]:8080", "x", ["localhost"]), true);
  assert.equal(originAllowed("http://localhost.evil.example", "x", ["localhost"]), false);
  assert.equal(originAllowed("https://class.example", "x", ["https://class.example/"]), true);
  assert.equal(originAllowed("https://other.example", "x", ["https://class.example"]), false);
  assert.equal(originAllowed("https://any.example", "x", ["*"]), true);
});

test("bearer keys must match exactly", () => {
  assert.equal(bearerMatches("Bearer abc", "abc"), true);
  assert.equal(bearerMatches("bearer abc", "abc"), true);
  assert.equal(bearerMatches("Bearer abcd", "abc"), false);
  assert.equal(bearerMatches("abc", "abc"), false);
  assert.equal(bearerMatches(undefined, "abc"), false);
});

test("the accepted chat paths and the model named in the path", () => {
  for (const path of ["/v1/chat/completions", "/chat/completions", "/novita/v3/openai/chat/completions", "/hf-inference/models/a/b/v1/chat/completions"]) {
    assert.equal(isChatPath(path), true, path);
  }
  for (const path of ["/v1/completions", "/v1/chat/completions/x", "/en/lessons/"]) assert.equal(isChatPath(path), false, path);
  assert.equal(modelOfPath("/hf-inference/models/Qwen/Qwen2.5-7B/v1/chat/completions"), "Qwen/Qwen2.5-7B");
  assert.equal(modelOfPath("/models/carnet-tiny-demo/chat/completions"), "carnet-tiny-demo");
  assert.equal(modelOfPath("/v1/chat/completions"), undefined);
  assert.equal(modelOfPath("/models/%E6%A8%A1%E5%9E%8B/chat/completions"), "模型", "percent-decoded");
  assert.equal(modelOfPath("/models/100%/chat/completions"), "100%", "kept as it is when it is not valid percent-encoding");
});

test("Host names: loopback always, listed names, every name on an open bind with none listed", () => {
  const loopback = hostPolicy("127.0.0.1", []);
  for (const host of ["localhost:4321", "127.0.0.1:4321", "[::1]:4321", "LOCALHOST", "app.localhost:80", undefined]) assert.equal(loopback(host), true, String(host));
  for (const host of ["rebind.evil.example:4321", "127.0.0.1.evil.example", "[::2]:4321", ""]) assert.equal(loopback(host), false, host);
  // The header is read as a URL authority: anything else is refused, on any bind.
  for (const host of ["[::1]evil", "[::1]:4321x", "localhost:4321/x", "user@localhost", "localhost:port", "local host"]) {
    assert.equal(loopback(host), false, host);
    assert.equal(hostPolicy("0.0.0.0", [])(host), false, `${host} on an open bind`);
  }
  const listed = hostPolicy("0.0.0.0", ["lessons.example"]);
  assert.equal(listed("lessons.example:443"), true);
  assert.equal(listed("other.example"), false);
  assert.equal(hostPolicy("0.0.0.0", [])("anything.example"), true);
});

test("header values: printable ASCII as it is, anything else percent-encoded and recoverable", () => {
  assert.equal(headerValue("carnet-tiny-demo"), "carnet-tiny-demo");
  for (const id of ["模型", "a\nb", "\u0001", "🦙", "50%", "x\ud800"]) {
    const value = headerValue(id);
    assert.match(value, /^[\x20-\x7e]*$/, id);
    assert.equal(decodeURIComponent(value), id.toWellFormed());
  }
  assert.equal(headerValue("x".repeat(1000)).length, 256);
});
