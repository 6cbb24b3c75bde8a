/** The official `openai` client against the server with the tiny model. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import OpenAI from "openai";
import { startTinyServer, TINY } from "./helpers/tinyServer.ts";
import type { TinyServer } from "./helpers/tinyServer.ts";

let server: TinyServer;
let client: OpenAI;
const messages = [
  { role: "system" as const, content: "You are a patient teacher." },
  { role: "user" as const, content: "Say something about open models." },
];

before(async () => {
  server = await startTinyServer({}, { parallel: 2 });
  client = new OpenAI({ apiKey: "unused", baseURL: `${server.base}/v1`, maxRetries: 0 });
});
after(() => server.stop());

describe("openai client", () => {
  test("lists the tiny model, labelled as a demo", async () => {
    const models = await client.models.list();
    const tiny = models.data.find((m) => m.id === TINY) as unknown as { id: string; label: string; demo: boolean } | undefined;
    assert.ok(tiny, "the tiny model is listed");
    assert.equal(tiny.demo, true);
    assert.match(tiny.id, /tiny-demo/);
    assert.match(tiny.label, /demo/i);
  });

  test("a non-streamed reply carries text, finish reason and usage", async () => {
    const reply = await client.chat.completions.create({ model: TINY, messages, max_tokens: 12, temperature: 0 });
    assert.equal(reply.object, "chat.completion");
    assert.equal(reply.model, TINY);
    const choice = reply.choices[0]!;
    assert.equal(choice.message.role, "assistant");
    assert.ok((choice.message.content ?? "").length > 0, "some text came back");
    assert.equal(choice.finish_reason, "length");
    assert.ok(reply.usage, "usage is present");
    assert.equal(reply.usage.completion_tokens, 12);
    assert.ok(reply.usage.prompt_tokens > 10, `prompt tokens counted (${reply.usage.prompt_tokens})`);
    assert.equal(reply.usage.total_tokens, reply.usage.prompt_tokens + reply.usage.completion_tokens);
  });

  test("a streamed reply arrives in several chunks and ends with a finish reason", async () => {
    const stream = await client.chat.completions.create({ model: TINY, messages, max_tokens: 10, temperature: 0, stream: true });
    const pieces: string[] = [];
    const finishReasons: (string | null)[] = [];
    for await (const chunk of stream) {
      assert.equal(chunk.object, "chat.completion.chunk");
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.delta.content) pieces.push(choice.delta.content);
      finishReasons.push(choice.finish_reason);
    }
    assert.ok(pieces.length >= 3, `several content chunks (${pieces.length})`);
    assert.equal(finishReasons.at(-1), "length");
    assert.ok(finishReasons.slice(0, -1).every((r) => r === null), "only the last chunk finishes");

    const whole = await client.chat.completions.create({ model: TINY, messages, max_tokens: 10, temperature: 0 });
    assert.equal(pieces.join(""), whole.choices[0]!.message.content, "streamed and whole replies agree");
  });

  test("stream_options.include_usage adds a last chunk with usage", async () => {
    const stream = await client.chat.completions.create({
      model: TINY,
      messages,
      max_tokens: 5,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1)!;
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage?.completion_tokens, 5);
    assert.ok(chunks.slice(0, -1).every((c) => c.usage === null), "earlier chunks carry usage: null");
  });

  test("a stop sequence ends the reply before it, with finish reason stop", async () => {
    const free = await client.chat.completions.create({ model: TINY, messages, max_tokens: 12, temperature: 0 });
    const text = free.choices[0]!.message.content!;
    const words = text.split(" ").filter(Boolean);
    assert.ok(words.length >= 3, `enough words to pick a stop sequence from: ${JSON.stringify(text)}`);
    const stopWord = ` ${words[2]}`;
    const expected = text.slice(0, text.indexOf(stopWord));

    const stopped = await client.chat.completions.create({ model: TINY, messages, max_tokens: 12, temperature: 0, stop: [stopWord] });
    assert.equal(stopped.choices[0]!.message.content, expected);
    assert.equal(stopped.choices[0]!.finish_reason, "stop");

    const streamed = await client.chat.completions.create({ model: TINY, messages, max_tokens: 12, temperature: 0, stop: stopWord, stream: true });
    let joined = "";
    let finish: string | null = null;
    for await (const chunk of streamed) {
      joined += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(joined, expected);
    assert.equal(finish, "stop");
  });

  test("seed with temperature 0 gives the same text twice", async () => {
    const ask = () => client.chat.completions.create({ model: TINY, messages, max_tokens: 16, temperature: 0, seed: 42 });
    const [a, b] = [await ask(), await ask()];
    assert.equal(a.choices[0]!.message.content, b.choices[0]!.message.content);
  });

  test("seed with a temperature above 0 is reproducible too", async () => {
    const ask = (seed: number) =>
      client.chat.completions.create({ model: TINY, messages: [{ role: "user", content: "Tell a story." }], max_tokens: 24, temperature: 1, seed });
    const a = await ask(7);
    const b = await ask(7);
    assert.equal(a.choices[0]!.message.content, b.choices[0]!.message.content);
  });

  test("an unknown model is answered by the default model, and the reply says so", async () => {
    const { data, response } = await client.chat.completions
      .create({ model: "meta-llama/Llama-3.1-8B-Instruct", messages, max_tokens: 3, temperature: 0 })
      .withResponse();
    assert.equal(data.model, TINY);
    assert.equal(response.headers.get("x-served-model"), TINY);
    assert.equal(response.headers.get("x-requested-model"), "meta-llama/Llama-3.1-8B-Instruct");
  });
});
