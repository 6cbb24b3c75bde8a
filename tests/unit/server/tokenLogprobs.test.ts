/** Token probabilities (`logprobs`, `top_logprobs`) from the server's own model, read through the official `openai` client. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import OpenAI from "openai";
import { startTinyServer, TINY, waitFor } from "./helpers/tinyServer.ts";
import type { TinyServer } from "./helpers/tinyServer.ts";

type Choice = { token: string; logprob: number; bytes: number[] | null };
type Entry = Choice & { top_logprobs: Choice[] };

let server: TinyServer;
let client: OpenAI;
const messages = [
  { role: "system" as const, content: "You are a patient teacher." },
  { role: "user" as const, content: "Name a colour." },
];

before(async () => {
  server = await startTinyServer({}, { parallel: 1 });
  client = new OpenAI({ apiKey: "unused", baseURL: `${server.base}/v1`, maxRetries: 0 });
});
after(() => server.stop());

/** Checks one token's entry: k alternatives, finite log probabilities ≤ 0, most likely first, summing to at most 1. */
function checkEntry(entry: Entry, k: number, where: string): void {
  assert.equal(typeof entry.token, "string", `${where}: token text`);
  assert.ok(Number.isFinite(entry.logprob) && entry.logprob <= 0, `${where}: the chosen token's logprob is finite and ≤ 0 (${entry.logprob})`);
  assert.deepEqual(entry.bytes, [...Buffer.from(entry.token, "utf8")], `${where}: bytes are the token's UTF-8`);
  assert.equal(entry.top_logprobs.length, k, `${where}: ${k} alternatives`);
  let sum = 0;
  entry.top_logprobs.forEach((alternative, i) => {
    assert.ok(Number.isFinite(alternative.logprob) && alternative.logprob <= 0, `${where}: alternative ${i} has a finite logprob ≤ 0`);
    if (i > 0) assert.ok(alternative.logprob <= entry.top_logprobs[i - 1]!.logprob, `${where}: alternatives in descending order`);
    sum += Math.exp(alternative.logprob);
  });
  assert.ok(sum <= 1 + 1e-6, `${where}: probabilities sum to at most 1 (${sum})`);
}

describe("token probabilities from the local model", () => {
  test("a whole reply carries each token's logprob and 5 alternatives", async () => {
    const reply = await client.chat.completions.create({ model: TINY, messages, max_tokens: 8, temperature: 0, logprobs: true, top_logprobs: 5 });
    const choice = reply.choices[0]!;
    const content = (choice.logprobs?.content ?? []) as Entry[];
    assert.equal(content.length, 8, "one entry per generated token");
    assert.equal(reply.usage?.completion_tokens, 8);
    assert.equal(choice.finish_reason, "length");
    content.forEach((entry, i) => checkEntry(entry, 5, `token ${i}`));
    // At temperature 0 the chosen token is the most likely one.
    for (const entry of content) assert.equal(entry.logprob, entry.top_logprobs[0]!.logprob);
    assert.equal(content.map((entry) => entry.token).join(""), choice.message.content, "the tokens spell the reply");
  });

  test("a stream carries the logprobs of each chunk's tokens, the same as the whole reply", async () => {
    const request = { model: TINY, messages, max_tokens: 8, temperature: 0, logprobs: true, top_logprobs: 5 };
    const stream = await client.chat.completions.create({ ...request, stream: true });
    const entries: Entry[] = [];
    let text = "";
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      text += choice.delta.content ?? "";
      entries.push(...((choice.logprobs?.content ?? []) as Entry[]));
    }
    assert.equal(entries.length, 8, "one entry per generated token");
    entries.forEach((entry, i) => checkEntry(entry, 5, `streamed token ${i}`));
    const whole = await client.chat.completions.create(request);
    assert.equal(text, whole.choices[0]!.message.content, "streamed and whole replies agree");
    assert.deepEqual(
      entries.map((entry) => entry.token),
      (whole.choices[0]!.logprobs?.content ?? []).map((entry) => entry.token),
    );
  });

  test("temperature, top_p and seed apply, and the reported probabilities stay the model's own", async () => {
    const ask = (options: { temperature: number; top_p?: number; seed?: number }) =>
      client.chat.completions.create({ model: TINY, messages, max_tokens: 6, logprobs: true, top_logprobs: 3, ...options });
    const greedy = await ask({ temperature: 0 });
    const sampled = await ask({ temperature: 1.5, top_p: 1, seed: 7 });
    const again = await ask({ temperature: 1.5, top_p: 1, seed: 7 });
    assert.equal(sampled.choices[0]!.message.content, again.choices[0]!.message.content, "the same seed gives the same reply");
    assert.deepEqual(sampled.choices[0]!.logprobs, again.choices[0]!.logprobs);
    const entries = (sampled.choices[0]!.logprobs?.content ?? []) as Entry[];
    assert.equal(entries.length, 6);
    entries.forEach((entry, i) => checkEntry(entry, 3, `sampled token ${i}`));
    // The first place's distribution does not depend on how the first token is drawn.
    assert.deepEqual(entries[0]!.top_logprobs, (greedy.choices[0]!.logprobs?.content ?? [])[0]!.top_logprobs);

    const seeds = [1, 2, 3, 4];
    const replies = await Promise.all(seeds.map(async (seed) => (await ask({ temperature: 2, top_p: 1, seed })).choices[0]!.message.content));
    assert.ok(
      replies.some((reply) => reply !== greedy.choices[0]!.message.content),
      "a high temperature leaves the greedy path for some seed",
    );
    const narrow = await Promise.all(seeds.map(async (seed) => (await ask({ temperature: 2, top_p: 0, seed })).choices[0]!.message.content));
    for (const reply of narrow) assert.equal(reply, greedy.choices[0]!.message.content, "top_p 0 keeps only the most likely token");
  });

  test("a stop string ends the reply on the probabilities path too", async () => {
    const free = await client.chat.completions.create({ model: TINY, messages, max_tokens: 8, temperature: 0, logprobs: true });
    const text = free.choices[0]!.message.content ?? "";
    const stop = text.slice(Math.floor(text.length / 2), Math.floor(text.length / 2) + 2);
    assert.ok(stop.length === 2, "the reply is long enough to cut");
    const cut = await client.chat.completions.create({ model: TINY, messages, max_tokens: 8, temperature: 0, logprobs: true, stop });
    assert.equal(cut.choices[0]!.finish_reason, "stop");
    assert.equal(cut.choices[0]!.message.content, text.slice(0, text.indexOf(stop)));
    for (const entry of (cut.choices[0]!.logprobs?.content ?? []) as Entry[]) assert.deepEqual(entry.top_logprobs, [], "top_logprobs defaults to none");
  });

  test("without logprobs the reply is as before, and agrees with the probabilities path", async () => {
    const plain = await client.chat.completions.create({ model: TINY, messages, max_tokens: 8, temperature: 0 });
    assert.equal(plain.choices[0]!.logprobs, null);
    const probed = await client.chat.completions.create({ model: TINY, messages, max_tokens: 8, temperature: 0, logprobs: true, top_logprobs: 1 });
    assert.equal(probed.choices[0]!.message.content, plain.choices[0]!.message.content, "both paths apply the same chat template");
  });

  test("out-of-bound or mistyped fields are refused with 400 naming the field", async () => {
    await assert.rejects(
      client.chat.completions.create({ model: TINY, messages, logprobs: true, top_logprobs: 21 }),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 400 && /top_logprobs/.test(error.message),
    );
    await assert.rejects(
      client.chat.completions.create({ model: TINY, messages, logprobs: "yes" as unknown as boolean }),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 400 && /logprobs/.test(error.message),
    );
    await assert.rejects(
      client.chat.completions.create({ model: TINY, messages, top_logprobs: 2 }),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 400 && /top_logprobs: needs logprobs/.test(error.message),
    );
  });
});

describe("aborting a stream with token probabilities", () => {
  let big: TinyServer;
  before(async () => {
    // A context far larger than the prompt, so an unaborted generation would run on for thousands of tokens.
    big = await startTinyServer({ MAX_TOKENS_CAP: "8000" }, { parallel: 1, contextSize: 8192 });
  });
  after(() => big.stop());

  test("leaving the stream ends the generation and frees the slot", async () => {
    const bigClient = new OpenAI({ apiKey: "unused", baseURL: `${big.base}/v1`, maxRetries: 0 });
    const stream = await bigClient.chat.completions.create({
      model: TINY,
      messages: [{ role: "user", content: "Write a long essay." }],
      max_tokens: 8000,
      temperature: 0,
      logprobs: true,
      top_logprobs: 5,
      stream: true,
    });
    let tokens = 0;
    for await (const chunk of stream) {
      tokens += chunk.choices[0]?.logprobs?.content?.length ?? 0;
      if (tokens >= 3) break; // leaving the loop aborts the request
    }
    assert.ok(tokens >= 3, "some tokens arrived with their probabilities");
    await waitFor(async () => /outcome="client_gone"\} 1\n/.test(await (await fetch(`${big.base}/metrics`)).text()));
    const next = await bigClient.chat.completions.create({ model: TINY, messages, max_tokens: 3, temperature: 0, logprobs: true, top_logprobs: 2 });
    assert.equal(next.choices[0]!.logprobs?.content?.length, 3, "the single slot serves the next request");
    const metrics = await (await fetch(`${big.base}/metrics`)).text();
    const generated = Number(/carnet_tokens_generated_total\{model="carnet-tiny-demo"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    assert.ok(generated < 4000, `the aborted generation stopped early (${generated} tokens in all)`);
  });
});
