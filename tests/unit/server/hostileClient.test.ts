/**
 * Hostile clients against a real server. First, every bound of the chat
 * request schema, at and over it (a 1 MB `stop`, 100,000-element arrays,
 * nesting deep inside `tools`), against a server in its own process while
 * `/healthz` is probed. Then a seeded generator of methods,
 * paths, headers and bodies (random JSON, wrong types, huge and odd
 * strings, characters from every Unicode plane in every string field),
 * fired for a bounded count. The process must stay up, every reply must be
 * a 2xx, 3xx or 4xx (never 5xx), API errors must be `{"error": string}`,
 * and /healthz must answer throughout. A failure names its seed and request
 * number: `HOSTILE_SEED=<seed> node --test tests/unit/server/hostileClient.test.ts`
 * replays it.
 */
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { writeTinyModel } from "../../../src/cli/tinyModel.ts";
import { boundCases } from "../../support/boundCases.ts";
import { startServerProcess } from "../../support/serverProcess.ts";
import { startTinyServer, TINY } from "./helpers/tinyServer.ts";
import type { TinyServer } from "./helpers/tinyServer.ts";

const SEED = Number(process.env.HOSTILE_SEED ?? Date.now() % 1_000_000);
const COUNT = Number(process.env.HOSTILE_COUNT ?? 600);
const CONCURRENCY = 4;

/** mulberry32: a small seeded generator, so a failing run replays exactly. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof generator>;

/** A code point from plane `plane` (0 to 16), surrogates and noncharacters included on purpose. */
function codePointOf(random: Random, plane: number): string {
  const point = plane * 0x10000 + random.int(0x10000);
  if (point >= 0xd800 && point <= 0xdfff) return String.fromCharCode(point); // a lone surrogate
  return String.fromCodePoint(point);
}

const oddStrings = ["", " ", "\u0000", "\r\n", "模型", "ｏｒｇ／ｍｏｄｅｌ", "🦙", "\u202e", "%", "%25", "%00", "../../etc/passwd", "<script>alert(1)</script>", "{{7*7}}", "null", "undefined"];

function oddString(random: Random): string {
  switch (random.int(5)) {
    case 0:
      return random.pick(oddStrings);
    case 1:
      return Array.from({ length: 1 + random.int(12) }, () => codePointOf(random, random.int(17))).join("");
    case 2:
      return random.pick(oddStrings).repeat(1 + random.int(2000));
    case 3:
      return "x".repeat(random.pick([255, 256, 257, 4096, 70_000]));
    default:
      return `${TINY}${codePointOf(random, 0)}`;
  }
}

function oddValue(random: Random, depth = 0): unknown {
  switch (random.int(depth > 2 ? 6 : 8)) {
    case 0:
      return null;
    case 1:
      return random.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER]);
    case 2:
      return random.next() < 0.5;
    case 3:
    case 4:
      return oddString(random);
    case 5:
      return [];
    case 6:
      return Array.from({ length: random.int(4) }, () => oddValue(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: random.int(4) }, () => [oddString(random).slice(0, 40), oddValue(random, depth + 1)]));
  }
}

const fields = ["model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "seed", "stop", "stream", "stream_options", "n", "tools"];

/** A chat body: a valid one with one field made hostile, or random JSON. Returns the body and its shape's name. */
function chatBody(random: Random): { body: string; shape: string } {
  const valid: Record<string, unknown> = { model: TINY, messages: [{ role: "user", content: "hi" }], max_tokens: 2, stream: random.next() < 0.5 };
  switch (random.int(6)) {
    case 0: {
      const field = random.pick(fields);
      valid[field] = oddValue(random);
      return { body: JSON.stringify(valid), shape: `chat:field:${field}` };
    }
    case 1: {
      const message: Record<string, unknown> = { role: random.pick(["user", "system", "assistant", "tool", "developer", oddString(random)]), content: oddValue(random) };
      if (random.next() < 0.3) message.content = [{ type: random.pick(["text", "image_url", oddString(random)]), text: oddValue(random) }];
      valid.messages = [message];
      return { body: JSON.stringify(valid), shape: `chat:message:${typeof message.content}` };
    }
    case 2:
      valid.model = oddString(random);
      valid.messages = [{ role: "user", content: oddString(random) }];
      return { body: JSON.stringify(valid), shape: "chat:unicode-model-and-prompt" };
    case 3:
      return { body: JSON.stringify(oddValue(random)), shape: "chat:random-json" };
    case 4: {
      const text = JSON.stringify(valid);
      const cut = random.int(text.length);
      return { body: text.slice(0, cut) + random.pick(["", "}", "]", "\u0000", "\\", '"', ",,"]), shape: "chat:broken-json" };
    }
    default:
      valid.messages = Array.from({ length: random.pick([1, 50, 4097]) }, () => ({ role: "user", content: "x" }));
      return { body: JSON.stringify(valid), shape: "chat:many-messages" };
  }
}

const paths = [
  "/v1/chat/completions",
  "/chat/completions",
  "/models/x/v1/chat/completions",
  "/hf-inference/models/a/b/v1/chat/completions",
  "/v1/models",
  "/v1/models/",
  "/v1/models/%25",
  "/v1/models/%",
  "/v1/nothing",
  "/healthz",
  "/metrics",
  "/",
  "//en",
  "/\\evil.example",
  "/en/lessons/welcome",
  "/en/lessons/welcome/",
  "/en/..%2f..%2fmodels.json",
  "/fr/nowhere",
  "/_astro/app.3f9a1c.js",
  "/%E0%A4%A",
  "/%00",
  "/en/%C0%AE%C0%AE/",
];

function oddPath(random: Random): { path: string; shape: string } {
  if (random.next() < 0.7) return { path: random.pick(paths), shape: "path:known" };
  const segment = encodeURIComponent(oddString(random).toWellFormed().slice(0, 300));
  return { path: `/${random.pick(["v1/models/", "en/", "", "v1/"])}${segment}${random.pick(["", "?", "?a=%", "#x", "/"])}`, shape: "path:random" };
}

/** Header values a Node client can send (Latin-1, no controls): the server must survive any of them. */
function oddHeaders(random: Random, port: number): { headers: Record<string, string>; shape: string } {
  const latin1 = () => Array.from({ length: 1 + random.int(40) }, () => String.fromCharCode(random.pick([0x20 + random.int(0x5f), 0xa0 + random.int(0x60)]))).join("");
  const headers: Record<string, string> = {};
  const kinds: string[] = [];
  for (let i = random.int(4); i > 0; i--) {
    const kind = random.pick(["host", "origin", "content-type", "accept-encoding", "authorization", "range", "if-none-match", "x-forwarded-for", "access-control-request-headers", "cache-control"]);
    kinds.push(kind);
    headers[kind] = random.pick([
      latin1(),
      "*",
      "",
      `127.0.0.1:${port}`,
      `rebind.example:${port}`,
      "http://localhost:3000",
      "bytes=0-10,5-1,999999-",
      "br;q=0, gzip;q=0, identity;q=0",
      "application/json; charset=utf-16",
      "Bearer " + "a".repeat(5000),
    ]);
  }
  return { headers, shape: `headers:${kinds.sort().join("+") || "none"}` };
}

type Reply = { status: number; type: string; body: string };

function send(port: number, method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers, setHost: !("host" in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Malformed HTTP a library client cannot send: the server answers 4xx or closes, and stays up. */
function sendRaw(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(text));
    let received = "";
    socket.on("data", (d) => (received += d.toString("latin1")));
    socket.on("error", () => resolve(received));
    socket.on("close", () => resolve(received));
  });
}

const rawRequests = [
  "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
  "GET /\u00ff HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
  "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nx: \u0001\r\n\r\n",
  "BREW /coffee HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
  "GET / HTTP/9.9\r\n\r\n",
  `GET /${"a".repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
];

describe("every bound of a chat request", () => {
  const PROBES = 50;
  let dir: string;
  let process: Awaited<ReturnType<typeof startServerProcess>>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "carnet-bounds-"));
    await writeTinyModel(dir);
    await writeFile(join(dir, "models.json"), JSON.stringify({ models: [{ id: TINY, label: "Tiny demo model", file: "carnet-tiny-demo.gguf", demo: true, contextSize: 2048, parallel: 1 }] }));
    // A body limit above the largest case, so each is refused by its own field's bound.
    process = await startServerProcess({ MODELS_MANIFEST: join(dir, "models.json"), SITE_DIR: join(dir, "site"), BODY_LIMIT_BYTES: "2097152", MAX_TOKENS_CAP: "1" });
  });
  after(async () => {
    await process?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const cases = boundCases(TINY);
  const post = async (body: Uint8Array<ArrayBuffer>) => {
    const response = await fetch(`${process.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body });
    return { status: response.status, error: ((await response.json()) as { error?: unknown }).error };
  };

  test("a request at each bound is not refused for its size", async () => {
    for (const c of cases) {
      const reply = await post(c.at);
      assert.ok(reply.status !== 413 && reply.status < 500, `${c.what}: ${reply.status} ${String(reply.error)}`);
    }
  });

  /** p99 (nearest rank) of /healthz round trips, one after another: PROBES of them, and more (at most 1,000) until `enough` says so. */
  const probeHealth = async (enough: () => boolean = () => true) => {
    const latencies: number[] = [];
    for (let i = 0; i < 1000 && (i < PROBES || !enough()); i++) {
      const start = performance.now();
      const health = await fetch(`${process.url}/healthz`);
      await health.arrayBuffer();
      latencies.push(performance.now() - start);
      assert.equal(health.status, 200);
    }
    latencies.sort((x, y) => x - y);
    return latencies[Math.ceil(0.99 * latencies.length) - 1]!;
  };

  test("a request over each bound gets 413 naming the field, and /healthz answers within 100 ms meanwhile (p99 of 50 probes; more where the machine is slow even with nothing sent)", async (t) => {
    const quiet = await probeHealth();
    // The senders run in their own process: building and sending megabyte bodies here would delay this process's probes.
    const sender = spawn(globalThis.process.execPath, [fileURLToPath(new URL("../../support/boundSender.ts", import.meta.url)), process.url, TINY], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    const started = new Promise<void>((resolve, reject) => {
      sender.stdout.on("data", (data: Buffer) => {
        output += data.toString();
        resolve();
      });
      sender.once("exit", (code) => reject(new Error(`the sender exited early (${code})`)));
    });
    const exited = new Promise((resolve) => sender.once("exit", resolve));
    let p99: number;
    try {
      await started;
      // Probing goes on until every case has been refused twice.
      p99 = await probeHealth(() => output.split("\n").length > 2 * cases.length);
    } finally {
      sender.kill();
      await exited;
    }
    const replies = output
      .split("\n")
      .filter((line) => line.endsWith("}"))
      .map((line) => JSON.parse(line) as { field: string; what: string; status: number; error: unknown });
    for (const reply of replies) {
      assert.equal(reply.status, 413, `${reply.what}: ${reply.status} ${String(reply.error)}`);
      assert.ok(typeof reply.error === "string" && reply.error.startsWith(reply.field), `${reply.what}: the error names ${reply.field}: ${String(reply.error).slice(0, 200)}`);
    }
    const summary = `/healthz p99 ${p99.toFixed(1)} ms over at least ${PROBES} probes while ${replies.length} over-bound requests were refused (${quiet.toFixed(1)} ms with nothing else sent)`;
    t.diagnostic(summary);
    assert.ok(replies.length >= 2 * cases.length, `every over-bound case was refused meanwhile (${replies.length} replies)`);
    // 100 ms on a quiet machine; a busy one stretches every round trip, so the bound scales with the quiet figure taken just before.
    const limit = Math.max(100, 4 * quiet);
    assert.ok(p99 < limit, `${summary}; limit ${limit.toFixed(1)} ms`);
  });
});

let server: TinyServer;
before(async () => {
  server = await startTinyServer({ MAX_TOKENS_CAP: "4", REQUEST_TIMEOUT_MS: "5000", QUEUE_LENGTH: "64", LOG_LEVEL: "silent" }, { parallel: 2 });
});
after(() => server.stop());

test(`hostile clients get 2xx-4xx replies in the documented shape and never stop the server (seed ${SEED})`, async (t) => {
  const port = Number(new URL(server.base).port);
  const random = generator(SEED);
  const shapes = new Set<string>();
  const statuses = new Map<number, number>();
  let sent = 0;
  let healthChecks = 0;

  const one = async (index: number): Promise<void> => {
    const method = random.next() < 0.6 ? "POST" : random.pick(["GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"]);
    const { path, shape: pathShape } = method === "POST" && random.next() < 0.8 ? { path: random.pick(paths.slice(0, 4)), shape: "path:chat" } : oddPath(random);
    const { headers, shape: headerShape } = oddHeaders(random, port);
    let body: string | undefined;
    let bodyShape = "body:none";
    if (method === "POST" || method === "PUT" || method === "PATCH") {
      ({ body, shape: bodyShape } = chatBody(random));
      if (!("content-type" in headers)) headers["content-type"] = "application/json";
    }
    shapes.add(`${method} ${pathShape} ${bodyShape} ${headerShape}`);
    const where = `seed ${SEED}, request ${index}: ${method} ${path.slice(0, 120)} ${JSON.stringify(headers).slice(0, 200)} ${String(body).slice(0, 200)}`;
    const reply = await send(port, method, path, headers, body).catch((error: Error) => assert.fail(`${where}: connection failed (${error.message})`));
    sent++;
    statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    assert.ok(reply.status >= 200 && reply.status < 500, `${where}: status ${reply.status} ${reply.body.slice(0, 300)}`);
    if (reply.status >= 400 && reply.type.startsWith("application/json") && method !== "HEAD") {
      const parsed = JSON.parse(reply.body) as { error?: unknown };
      assert.equal(typeof parsed.error, "string", `${where}: error body ${reply.body.slice(0, 300)}`);
    }
    const api = path.startsWith("/v1/") || (method === "POST" && /chat\/completions$/.test(path.split("?")[0]!));
    if (reply.status >= 400 && api && method !== "HEAD" && reply.status !== 421) {
      assert.match(reply.type, /^application\/json/, `${where}: an API error in ${reply.type}`);
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < COUNT) {
      const index = next++;
      await one(index);
      if (index % 25 === 0) {
        const health = await fetch(`${server.base}/healthz`);
        assert.equal(health.status, 200, `seed ${SEED}: /healthz after request ${index}`);
        healthChecks++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  for (const text of rawRequests) {
    const answer = await sendRaw(port, text);
    shapes.add(`raw:${text.slice(0, 12)}`);
    sent++;
    assert.ok(answer === "" || /^HTTP\/1\.1 [234]\d\d /.test(answer), `seed ${SEED}: raw request ${JSON.stringify(text.slice(0, 60))} got ${answer.slice(0, 80)}`);
  }
  assert.equal((await fetch(`${server.base}/healthz`)).status, 200, `seed ${SEED}: /healthz at the end`);
  t.diagnostic(`seed ${SEED}: ${sent} requests, ${shapes.size} distinct shapes, ${healthChecks} health checks, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
});
