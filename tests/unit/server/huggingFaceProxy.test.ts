/**
 * The Hugging Face proxy against a local imitation of the router: models
 * not served here are forwarded with the server's token, streams pass
 * through, the token never reaches the client, upstream 503 is never
 * passed on, paths that would leave the route are refused, only JSON and
 * event streams pass, and a stream cut by the timeout ends with an error
 * event.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { connect } from "node:net";
import type { IncomingMessage, Server } from "node:http";
import { after, before, describe, test } from "node:test";
import { InferenceClient } from "@huggingface/inference";
import OpenAI from "openai";
import { pathProblem, upstreamPath } from "../../../src/server/huggingFaceProxy.ts";
import { rawRequest } from "./helpers/rawRequest.ts";
import { sseEvents, startTinyServer, TINY } from "./helpers/tinyServer.ts";
import type { TinyServer } from "./helpers/tinyServer.ts";

type Seen = { path: string; authorization: string | undefined; body: { model: string; stream?: boolean; logprobs?: unknown; top_logprobs?: unknown } };

const REMOTE = "Qwen/Qwen2.5-7B-Instruct";
const LONG_EVENTS = 4000;
const TOKEN = "hf_server_side_secret";
let router: Server;
let routerUrl: string;
const seen: Seen[] = [];

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (text += chunk));
    request.on("end", () => resolve(text));
  });
}

before(async () => {
  router = createServer(async (request, response) => {
    const body = JSON.parse(await readBody(request)) as Seen["body"];
    seen.push({ path: request.url ?? "", authorization: request.headers.authorization, body });
    if (body.model === "html/model") {
      response.writeHead(200, { "content-type": "text/html" }).end("<html>a login page</html>");
      return;
    }
    if (body.model === "cut/stream") {
      // Two whole events and half of a third, then nothing: the server's timeout must end it.
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (const word of ["Hello", " there"]) {
        response.write(`data: ${JSON.stringify({ id: "r3", object: "chat.completion.chunk", created: 1, model: body.model, choices: [{ index: 0, delta: { content: word }, finish_reason: null }] })}\n\n`);
      }
      response.write('data: {"id":"r3","obje');
      return;
    }
    if (body.model === "logprobs/model") {
      // Echoes the probabilities the router was asked for, one entry per word, in OpenAI's shape.
      const entry = (word: string) => ({
        token: word,
        logprob: -0.25,
        bytes: [...Buffer.from(word, "utf8")],
        top_logprobs: Array.from({ length: Number(body.top_logprobs ?? 0) }, (_, i) => ({ token: `${word}${i}`, logprob: -0.25 - i, bytes: null })),
      });
      const words = ["Bonjour", " à", " tous"];
      if (body.stream) {
        response.writeHead(200, { "content-type": "text/event-stream" });
        for (const word of words) {
          const choice = { index: 0, delta: { content: word }, logprobs: body.logprobs === true ? { content: [entry(word)] } : null, finish_reason: null };
          response.write(`data: ${JSON.stringify({ id: "r4", object: "chat.completion.chunk", created: 1, model: body.model, choices: [choice] })}\n\n`);
        }
        response.end("data: [DONE]\n\n");
        return;
      }
      const logprobs = body.logprobs === true ? { content: words.map(entry) } : null;
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({ id: "r4", object: "chat.completion", created: 1, model: body.model, choices: [{ index: 0, message: { role: "assistant", content: words.join("") }, logprobs, finish_reason: "stop" }] }),
      );
      return;
    }
    if (body.model === "long/stream") {
      // Far more than a socket holds: a client that reads slowly makes the server wait for room again and again.
      response.writeHead(200, { "content-type": "text/event-stream" });
      const content = "x".repeat(2000);
      for (let i = 0; i < LONG_EVENTS; i++) {
        response.write(`data: ${JSON.stringify({ id: "r5", object: "chat.completion.chunk", created: 1, model: body.model, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`);
      }
      response.end("data: [DONE]\n\n");
      return;
    }
    if (body.model === "busy/model") {
      response.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: "Model is loading" }));
      return;
    }
    if (body.stream) {
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (const word of ["Hello", " from", " the", " router"]) {
        response.write(`data: ${JSON.stringify({ id: "r1", object: "chat.completion.chunk", created: 1, model: body.model, choices: [{ index: 0, delta: { content: word }, finish_reason: null }] })}\n\n`);
      }
      response.write(`data: ${JSON.stringify({ id: "r1", object: "chat.completion.chunk", created: 1, model: body.model, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
      response.end("data: [DONE]\n\n");
      return;
    }
    response.writeHead(200, { "content-type": "application/json", "x-request-id": "abc" }).end(
      JSON.stringify({
        id: "r2",
        object: "chat.completion",
        created: 1,
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content: "Remote answer" }, finish_reason: "stop" }],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      }),
    );
  });
  await new Promise<void>((resolve) => router.listen(0, "127.0.0.1", resolve));
  const address = router.address();
  routerUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
after(
  () =>
    new Promise<void>((resolve) => {
      router.closeAllConnections();
      router.close(() => resolve());
    }),
);

describe("with HF_TOKEN set on the server", () => {
  let server: TinyServer;
  before(async () => {
    server = await startTinyServer({ HF_TOKEN: TOKEN, HF_ROUTER_URL: routerUrl });
  });
  after(() => server.stop());

  test("a remote model is forwarded with the server's token; the reply passes through", async () => {
    seen.length = 0;
    const client = new OpenAI({ apiKey: "reader-has-none", baseURL: `${server.base}/v1`, maxRetries: 0 });
    const { data, response } = await client.chat.completions.create({ model: REMOTE, messages: [{ role: "user", content: "hi" }] }).withResponse();
    assert.equal(data.choices[0]!.message.content, "Remote answer");
    assert.equal(response.headers.get("x-served-by"), "huggingface");
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.path, "/v1/chat/completions");
    assert.equal(seen[0]!.authorization, `Bearer ${TOKEN}`);
    assert.equal(seen[0]!.body.model, REMOTE);
    const headerText = JSON.stringify([...response.headers]);
    assert.ok(!headerText.includes(TOKEN), "the token is not in the reply's headers");
  });

  test("a model id no header can carry is forwarded and named, percent-encoded, in x-served-model", async () => {
    const id = "組織/模型-🦙";
    const response = await fetch(`${server.base}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: id, messages: [{ role: "user", content: "hi" }] }),
    });
    assert.equal(response.status, 200);
    assert.equal(decodeURIComponent(response.headers.get("x-served-model") ?? ""), id);
    assert.equal(((await response.json()) as { model: string }).model, id);
  });

  test("a stream passes through chunk by chunk", async () => {
    const client = new InferenceClient(undefined, { endpointUrl: `${server.base}/v1` });
    let text = "";
    let finish: string | undefined;
    for await (const chunk of client.chatCompletionStream({ model: REMOTE, messages: [{ role: "user", content: "hi" }] })) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(text, "Hello from the router");
    assert.equal(finish, "stop");
  });

  test("logprobs and top_logprobs are forwarded unchanged, and the router's probabilities come back whole and streamed", async () => {
    seen.length = 0;
    const client = new OpenAI({ apiKey: "x", baseURL: `${server.base}/v1`, maxRetries: 0 });
    const request = { model: "logprobs/model", messages: [{ role: "user" as const, content: "hi" }], logprobs: true, top_logprobs: 5 };
    const whole = await client.chat.completions.create(request);
    assert.equal(seen[0]!.body.logprobs, true);
    assert.equal(seen[0]!.body.top_logprobs, 5);
    const content = whole.choices[0]!.logprobs?.content ?? [];
    assert.deepEqual(content.map((entry) => entry.token), ["Bonjour", " à", " tous"]);
    for (const entry of content) assert.equal(entry.top_logprobs.length, 5);
    assert.deepEqual(content[1]!.bytes, [...Buffer.from(" à", "utf8")], "non-ASCII bytes pass through");

    const streamed = [];
    for await (const chunk of await client.chat.completions.create({ ...request, stream: true })) streamed.push(...(chunk.choices[0]?.logprobs?.content ?? []));
    assert.equal(seen[1]!.body.stream, true);
    assert.equal(seen[1]!.body.top_logprobs, 5);
    assert.deepEqual(streamed, content, "the stream carries the same entries");
  });

  test("a client that reads a long stream slowly gets all of it, and the server's waits for room leave nothing behind", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const body = JSON.stringify({ model: "long/stream", stream: true, messages: [{ role: "user", content: "hi" }] });
      const { port } = new URL(server.base);
      const socket = connect(Number(port), "127.0.0.1");
      socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      let received = "";
      // Reads a little, then nothing for a while, over and over, until the server closes.
      socket.on("data", (chunk: Buffer) => {
        received += chunk.toString("latin1");
        socket.pause();
        setTimeout(() => socket.resume(), 2);
      });
      await new Promise<void>((resolve, reject) => {
        socket.on("close", () => resolve());
        socket.on("error", reject);
      });
      assert.equal(received.match(/"id":"r5"/g)?.length, LONG_EVENTS);
      assert.match(received, /data: \[DONE\]/);
      assert.deepEqual(warnings.map((w) => w.name), []);
    } finally {
      process.off("warning", onWarning);
    }
  });

  test("local models are still answered locally", async () => {
    seen.length = 0;
    const client = new OpenAI({ apiKey: "x", baseURL: `${server.base}/v1`, maxRetries: 0 });
    const reply = await client.chat.completions.create({ model: TINY, messages: [{ role: "user", content: "hi" }], max_tokens: 2 });
    assert.equal(reply.model, TINY);
    assert.equal(seen.length, 0);
  });

  test("an upstream 503 becomes 502 with the reason, so the HF client does not retry forever", async () => {
    const client = new InferenceClient(undefined, { endpointUrl: `${server.base}/v1` });
    await assert.rejects(client.chatCompletion({ model: "busy/model", messages: [{ role: "user", content: "hi" }] }), /Model is loading/);
    const raw = await fetch(`${server.base}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "busy/model", messages: [{ role: "user", content: "hi" }] }),
    });
    assert.equal(raw.status, 502);
    assert.ok(raw.headers.get("retry-after"));
  });

  test("provider-prefixed paths keep their provider upstream", async () => {
    seen.length = 0;
    const response = await fetch(`${server.base}/novita/v3/openai/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: REMOTE, messages: [{ role: "user", content: "hi" }] }),
    });
    assert.equal(response.status, 200);
    assert.equal(seen[0]!.path, "/novita/v3/openai/chat/completions");
  });
});

describe("paths and replies that must not pass", () => {
  let server: TinyServer;
  before(async () => {
    server = await startTinyServer({ HF_TOKEN: TOKEN, HF_ROUTER_URL: routerUrl, REQUEST_TIMEOUT_MS: "600" });
  });
  after(() => server.stop());

  const post = (path: string, model = REMOTE) =>
    rawRequest(server.base, { method: "POST", path, headers: { "content-type": "application/json" }, body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }) });

  test("`..`, `%2e%2e`, doubled slashes and encoded slashes never reach the router", async () => {
    seen.length = 0;
    const paths = [
      "/models/../../admin/v1/chat/completions",
      "/models/x/../../../secret/chat/completions",
      "/models/%2e%2e/%2E%2E/admin/chat/completions",
      "/novita/%2e%2e/other/chat/completions",
      "/novita/./v3/chat/completions",
      "/models//x/v1/chat/completions",
      "/novita//v3/openai/chat/completions",
      "/models/a%2F..%2F..%2Fb/v1/chat/completions",
      "/models/a%5C..%5Cb/v1/chat/completions",
      "/models/%ZZ/v1/chat/completions",
    ];
    for (const path of paths) {
      const reply = await post(path);
      assert.ok(reply.status === 400 || reply.status === 404, `${path}: ${reply.status} ${reply.body.slice(0, 200)}`);
      assert.equal(typeof JSON.parse(reply.body).error, "string", path);
    }
    assert.deepEqual(seen.map((s) => s.path), [], "the router saw none of them");
    const fine = await post("/models/Qwen/Qwen2.5-7B/v1/chat/completions");
    assert.equal(fine.status, 200);
    assert.equal(seen[0]?.path, "/hf-inference/models/Qwen/Qwen2.5-7B/v1/chat/completions");
  });

  test("a reply that is neither JSON nor an event stream is not passed on", async () => {
    const reply = await post("/v1/chat/completions", "html/model");
    assert.equal(reply.status, 502);
    assert.match(reply.headers["content-type"] as string, /^application\/json/);
    assert.match(JSON.parse(reply.body).error, /content type text\/html/);
    assert.ok(!reply.body.includes("login page"));
  });

  test("a stream cut by the timeout ends with an error event after the last whole event, then [DONE]", async () => {
    const response = await fetch(`${server.base}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "cut/stream", messages: [{ role: "user", content: "hi" }], stream: true }),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
    const events: unknown[] = [];
    for await (const event of sseEvents(response)) events.push(event);
    assert.equal(events.length, 4, JSON.stringify(events));
    assert.deepEqual(events.slice(0, 2).map((e) => (e as { choices: { delta: { content: string } }[] }).choices[0]!.delta.content), ["Hello", " there"]);
    assert.match((events[2] as { error: string }).error, /ran past this server's limit of 600 ms/);
    assert.equal(events[3], "[DONE]");
  });

  test("the official client reads the cut stream's error", async () => {
    const client = new InferenceClient(undefined, { endpointUrl: `${server.base}/v1` });
    let text = "";
    await assert.rejects(async () => {
      for await (const chunk of client.chatCompletionStream({ model: "cut/stream", messages: [{ role: "user", content: "hi" }] })) text += chunk.choices[0]?.delta.content ?? "";
    }, /ran past this server's limit/);
    assert.equal(text, "Hello there");
  });
});

test("pathProblem accepts the route's forms and refuses those that leave it", () => {
  for (const path of ["/v1/chat/completions", "/models/Qwen/Qwen2.5-7B/v1/chat/completions", "/models/%E6%A8%A1%E5%9E%8B/chat/completions"]) assert.equal(pathProblem(path), undefined, path);
  for (const path of ["/a/../chat/completions", "/a/%2e%2E/chat/completions", "/a//chat/completions", "/a/%2f/chat/completions", "/a/%00/chat/completions", "/a/%E0%A4%A/chat/completions"]) {
    assert.ok(pathProblem(path), path);
  }
});

test("upstreamPath maps the accepted path forms", () => {
  assert.equal(upstreamPath("/v1/chat/completions"), "/v1/chat/completions");
  assert.equal(upstreamPath("/chat/completions"), "/v1/chat/completions");
  assert.equal(upstreamPath("/models/a/b/v1/chat/completions"), "/hf-inference/models/a/b/v1/chat/completions");
  assert.equal(upstreamPath("/groq/openai/v1/chat/completions"), "/groq/openai/v1/chat/completions");
});

describe("with HF_TOKEN set but the router unreachable", () => {
  let server: TinyServer;
  before(async () => {
    server = await startTinyServer({ HF_TOKEN: TOKEN, HF_ROUTER_URL: "http://127.0.0.1:9" });
  });
  after(() => server.stop());

  test("the client gets 502 with a clear message", async () => {
    const response = await fetch(`${server.base}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: REMOTE, messages: [{ role: "user", content: "hi" }] }),
    });
    assert.equal(response.status, 502);
    assert.match(((await response.json()) as { error: string }).error, /could not reach the Hugging Face router/);
  });
});
