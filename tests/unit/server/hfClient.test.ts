/**
 * @huggingface/inference against the server with the tiny model: with an
 * endpoint URL, and with its usual router URLs redirected here (as the
 * site's kernel routes a cell's unchanged client call).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { InferenceClient } from "@huggingface/inference";
import { startTinyServer, TINY } from "./helpers/tinyServer.ts";
import type { TinyServer } from "./helpers/tinyServer.ts";

let server: TinyServer;
const messages = [{ role: "user", content: "What is a token?" }];
const seen: string[] = [];

/** A fetch that sends Hugging Face router requests to the test server instead, and records the paths. */
function routedFetch(): typeof fetch {
  return (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    assert.equal(url.origin, "https://router.huggingface.co", `only router calls are expected, got ${url.href}`);
    seen.push(url.pathname);
    return fetch(`${server.base}${url.pathname}${url.search}`, init);
  };
}

before(async () => {
  server = await startTinyServer({}, { parallel: 1 });
});
after(() => server.stop());

describe("@huggingface/inference client", () => {
  test("chatCompletion with endpointUrl .../v1 returns text and usage", async () => {
    const client = new InferenceClient(undefined, { endpointUrl: `${server.base}/v1` });
    const reply = await client.chatCompletion({ model: TINY, messages, max_tokens: 8, temperature: 0 });
    assert.equal(reply.model, TINY);
    assert.ok(reply.choices[0]!.message.content!.length > 0);
    assert.equal(reply.usage.completion_tokens, 8);
  });

  test("chatCompletionStream streams chunks and a finish reason", async () => {
    const client = new InferenceClient(undefined, { endpointUrl: `${server.base}/v1` });
    const pieces: string[] = [];
    let finish: string | undefined;
    for await (const chunk of client.chatCompletionStream({ model: TINY, messages, max_tokens: 8, temperature: 0 })) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) pieces.push(choice.delta.content);
      if (choice?.finish_reason) finish = choice.finish_reason;
    }
    assert.ok(pieces.length >= 3, `several chunks (${pieces.length})`);
    assert.equal(finish, "length");
  });

  test("stop sequences and seed work through this client too", async () => {
    const client = new InferenceClient(undefined, { endpointUrl: `${server.base}/v1` });
    const free = await client.chatCompletion({ model: TINY, messages, max_tokens: 10, temperature: 0, seed: 1 });
    const again = await client.chatCompletion({ model: TINY, messages, max_tokens: 10, temperature: 0, seed: 1 });
    assert.equal(free.choices[0]!.message.content, again.choices[0]!.message.content);
    const text = free.choices[0]!.message.content!;
    const stopWord = ` ${text.split(" ").filter(Boolean)[1]}`;
    const stopped = await client.chatCompletion({ model: TINY, messages, max_tokens: 10, temperature: 0, stop: [stopWord] });
    assert.equal(stopped.choices[0]!.message.content, text.slice(0, text.indexOf(stopWord)));
    assert.equal(stopped.choices[0]!.finish_reason, "stop");
  });

  test("an endpoint without /v1 and without a model is answered by the default model", async () => {
    const client = new InferenceClient(undefined, { endpointUrl: server.base });
    const reply = await client.chatCompletion({ messages, max_tokens: 4, temperature: 0 });
    assert.equal(reply.model, TINY);
  });

  test("the default router call (provider auto, HF token) lands on /v1/chat/completions", async () => {
    seen.length = 0;
    const client = new InferenceClient("hf_reader_token", { fetch: routedFetch() });
    const reply = await client.chatCompletion({ model: TINY, messages, max_tokens: 4, temperature: 0 });
    assert.equal(reply.model, TINY);
    assert.deepEqual(seen, ["/v1/chat/completions"]);

    const pieces: string[] = [];
    for await (const chunk of client.chatCompletionStream({ model: TINY, messages, max_tokens: 4, temperature: 0 })) {
      pieces.push(chunk.choices[0]?.delta.content ?? "");
    }
    assert.ok(pieces.join("").length > 0);
  });

  test("a provider-prefixed router path is accepted (/novita/v3/openai/chat/completions)", async () => {
    const response = await fetch(`${server.base}/novita/v3/openai/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: TINY, messages, max_tokens: 3, temperature: 0 }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { model: string; choices: unknown[] };
    assert.equal(body.model, TINY);
  });

  test("the hf-inference path form names the model in the path", async () => {
    const client = new InferenceClient(undefined);
    const bound = client.endpoint(`${server.base}/hf-inference/models/${TINY}`);
    const reply = await bound.chatCompletion({ messages, max_tokens: 3, temperature: 0 });
    assert.equal(reply.model, TINY);
  });

  test("errors arrive as readable messages, not [object Object]", async () => {
    const client = new InferenceClient(undefined, { endpointUrl: `${server.base}/v1` });
    await assert.rejects(
      client.chatCompletion({ model: TINY, messages: [], max_tokens: 3 }),
      (error: Error) => /messages: must not be empty/.test(error.message) && !error.message.includes("[object Object]"),
    );
  });
});
