/**
 * The Hugging Face proxy against a local imitation of the router: models
 * not served here are forwarded with the server's token, streams pass
 * through, the token never reaches the client, and upstream 503 is never
 * passed on.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { IncomingMessage, Server } from "node:http";
import { after, before, describe, test } from "node:test";
import { InferenceClient } from "@huggingface/inference";
import OpenAI from "openai";
import { upstreamPath } from "../../../src/server/huggingFaceProxy.ts";
import { startTinyServer, TINY } from "./helpers/tinyServer.ts";
import type { TinyServer } from "./helpers/tinyServer.ts";

type Seen = { path: string; authorization: string | undefined; body: { model: string; stream?: boolean } };

const REMOTE = "Qwen/Qwen2.5-7B-Instruct";
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
after(() => new Promise<void>((resolve) => router.close(() => resolve())));

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
