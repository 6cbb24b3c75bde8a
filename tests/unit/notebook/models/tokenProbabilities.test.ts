/**
 * Token probabilities through the kernel's routed @huggingface/inference,
 * against a local imitation OpenAI server (node:http): this site's server,
 * a custom URL and Hugging Face's router (its URLs led to the imitation) pass `logprobs` and
 * `top_logprobs` through and bring the entries back, whole and streamed;
 * bounds are checked before anything is sent; a provider that leaves them
 * out or refuses them gives the `noLogprobs` problem.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import * as inference from "@huggingface/inference";
import type { ModelReport } from "../../../../src/notebook/models/shared/report.ts";
import { routeInference } from "../../../../src/notebook/models/kernel/routedInference.ts";
import { fieldProblem, lacksLogprobs } from "../../../../src/notebook/models/kernel/tokenProbabilities.ts";

const page = "http://127.0.0.1:4321";
const token = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456";
const messages = [{ role: "user", content: "Hi" }];
/** The imitation's next-token distribution: the same at every step, most likely first, sum 0.97. */
const VOCAB: [string, number][] = [[" the", 0.4], [" a", 0.2], [" ça", 0.15], ["\n", 0.1], [" 日本", 0.07], [" x", 0.03], [" y", 0.02]];
const WORDS = [" the", " a", " ça", "\n"];

type Mode = "full" | "ignores" | "refuses";
interface Seen {
  path: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

function entry(word: string, k: number) {
  const bytes = (t: string) => [...Buffer.from(t, "utf8")];
  const logprob = Math.log(VOCAB.find(([t]) => t === word)![1]);
  return { token: word, logprob, bytes: bytes(word), top_logprobs: VOCAB.slice(0, k).map(([t, p]) => ({ token: t, logprob: Math.log(p), bytes: bytes(t) })) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const part of req) text += String(part);
  return text;
}

/** An OpenAI-compatible chat server: with `logprobs`, entries of `top_logprobs` alternatives (unless it ignores or refuses them). */
function imitation(mode: () => Mode, seen: Seen[]): Server {
  return createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    seen.push({ path: req.url ?? "", body, authorization: req.headers.authorization });
    const asked = body.logprobs === true && mode() === "full";
    const k = typeof body.top_logprobs === "number" ? body.top_logprobs : 0;
    if (body.logprobs === true && mode() === "refuses") {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "logprobs is not supported by this provider" } }));
      return;
    }
    const model = String(body.model);
    if (body.stream === true) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const frame = (choice: Record<string, unknown>) => `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model, choices: [{ index: 0, ...choice }] })}\n\n`;
      res.write(frame({ delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }));
      for (const word of WORDS) res.write(frame({ delta: { content: word }, logprobs: asked ? { content: [entry(word, k)], refusal: null } : null, finish_reason: null }));
      res.write(frame({ delta: {}, logprobs: null, finish_reason: "length" }));
      res.end("data: [DONE]\n\n");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        id: "c1",
        object: "chat.completion",
        created: 1,
        model,
        system_fingerprint: null,
        choices: [{ index: 0, message: { role: "assistant", content: WORDS.join("") }, logprobs: asked ? { content: WORDS.map((w) => entry(w, k)), refusal: null } : null, finish_reason: "length" }],
        usage: { prompt_tokens: 3, completion_tokens: WORDS.length, total_tokens: 3 + WORDS.length },
      }),
    );
  });
}

interface Entry {
  token: string;
  logprob: number;
  top_logprobs: { token: string; logprob: number }[];
}

/** k alternatives, each a probability, most likely first, summing to at most 1. */
function assertAlternatives(entries: Entry[], k: number): void {
  assert.equal(entries.length, WORDS.length);
  for (const [i, e] of entries.entries()) {
    assert.equal(e.token, WORDS[i]);
    assert.ok(e.logprob <= 0 && Number.isFinite(e.logprob));
    assert.equal(e.top_logprobs.length, k);
    const p = e.top_logprobs.map((a) => Math.exp(a.logprob));
    for (let j = 1; j < p.length; j++) assert.ok(p[j - 1]! >= p[j]!, `descending at ${j}`);
    assert.ok(p.reduce((a, b) => a + b, 0) <= 1 + 1e-9);
  }
}

let server: Server;
let origin: string;
let mode: Mode = "full";
const seen: Seen[] = [];

before(async () => {
  server = imitation(() => mode, seen);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The real network, except that Hugging Face's router is the imitation. */
const toImitation: typeof fetch = (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  return fetch(url.replace("https://router.huggingface.co", origin), init);
};

function client(env: Record<string, string>) {
  const reports: ModelReport[] = [];
  // This site's server is the imitation too (its real one is tested in tests/unit/server and in the browser).
  const module = routeInference(inference as unknown as Record<string, unknown>, env, { report: (r) => reports.push(r), pageOrigin: page, site: origin, fetch: toImitation });
  const InferenceClient = module.InferenceClient as typeof inference.InferenceClient;
  return { client: new InferenceClient(token), reports };
}

const backends = {
  "this site's server": () => ({ CARNET_MODEL_BACKEND: "site", HF_TOKEN: token }),
  "a custom URL": () => ({ CARNET_MODEL_BACKEND: "custom", CARNET_MODEL_URL: `${origin}/v1`, HF_TOKEN: token }),
  "Hugging Face": () => ({ CARNET_MODEL_BACKEND: "huggingface", HF_TOKEN: token }),
};

for (const [name, env] of Object.entries(backends)) {
  describe(`token probabilities through ${name}`, () => {
    test("whole answer: the fields reach the server unchanged, 5 alternatives per token come back", async () => {
      mode = "full";
      seen.length = 0;
      const { client: c, reports } = client(env());
      const answer = await c.chatCompletion({ model: "some/model", messages, max_tokens: 4, logprobs: true, top_logprobs: 5 });
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.path, "/v1/chat/completions");
      assert.equal(seen[0]!.body.logprobs, true);
      assert.equal(seen[0]!.body.top_logprobs, 5);
      assert.equal(seen[0]!.authorization, name === "Hugging Face" ? `Bearer ${token}` : undefined, "the token goes to Hugging Face only");
      assertAlternatives(answer.choices[0]!.logprobs!.content as Entry[], 5);
      assert.equal(reports.at(-1)!.state, "done");
    });

    test("streamed answer: every text chunk carries its token's 5 alternatives", async () => {
      mode = "full";
      seen.length = 0;
      const { client: c, reports } = client(env());
      const entries: Entry[] = [];
      let text = "";
      for await (const chunk of c.chatCompletionStream({ model: "some/model", messages, max_tokens: 4, logprobs: true, top_logprobs: 5 })) {
        text += chunk.choices[0]?.delta?.content ?? "";
        entries.push(...((chunk.choices[0]?.logprobs?.content ?? []) as Entry[]));
      }
      assert.equal(seen[0]!.body.stream, true);
      assert.equal(seen[0]!.body.top_logprobs, 5);
      assert.equal(text, WORDS.join(""));
      assertAlternatives(entries, 5);
      assert.equal(reports.at(-1)!.state, "done");
    });

    test("an answer without probabilities when they were asked: the noLogprobs problem, whole and streamed", async () => {
      mode = "ignores";
      const { client: c, reports } = client(env());
      await assert.rejects(c.chatCompletion({ model: "some/model", messages, logprobs: true, top_logprobs: 5 }), { name: "NoLogprobsError" });
      assert.equal(reports.at(-1)!.problem?.code, "noLogprobs");
      assert.equal(reports.at(-1)!.problem?.detail, undefined);
      const stream = c.chatCompletionStream({ model: "some/model", messages, logprobs: true, top_logprobs: 5 });
      await assert.rejects(async () => {
        for await (const _ of stream);
      }, { name: "NoLogprobsError" });
      assert.equal(reports.at(-1)!.problem?.code, "noLogprobs");
      // Not asked: the same answer is fine.
      const plain = await c.chatCompletion({ model: "some/model", messages });
      assert.equal(plain.choices[0]!.logprobs, null);
    });

    test("a refusal that names logprobs: the noLogprobs problem, with the server's words", async () => {
      mode = "refuses";
      const { client: c, reports } = client(env());
      await assert.rejects(c.chatCompletion({ model: "some/model", messages, logprobs: true, top_logprobs: 2 }));
      const problem = reports.at(-1)!.problem!;
      assert.equal(problem.code, "noLogprobs");
      assert.equal(problem.status, 400);
      assert.match(problem.detail ?? "", /logprobs is not supported/);
    });
  });
}

describe("bounds of the probability fields", () => {
  test("out-of-bounds values are refused before anything is sent, naming the field", async () => {
    mode = "full";
    seen.length = 0;
    const { client: c, reports } = client(backends["a custom URL"]());
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ logprobs: true, top_logprobs: 21 }, "top_logprobs", /0 to 20/],
      [{ logprobs: true, top_logprobs: -1 }, "top_logprobs", /0 to 20/],
      [{ logprobs: true, top_logprobs: 2.5 }, "top_logprobs", /whole number/],
      [{ logprobs: true, top_logprobs: "5" }, "top_logprobs", /whole number/],
      [{ logprobs: "yes" }, "logprobs", /true or false/],
      [{ top_logprobs: 5 }, "top_logprobs", /needs logprobs: true/],
    ];
    for (const [fields, field, message] of cases) {
      await assert.rejects(c.chatCompletion({ model: "m", messages, ...fields } as Parameters<typeof c.chatCompletion>[0]), (error: Error) => {
        assert.equal(error.name, "RequestFieldError");
        assert.match(error.message, new RegExp(`^${field}: `));
        assert.match(error.message, message);
        return true;
      });
      assert.deepEqual(reports.at(-1)!.problem, { code: "badField", backend: "custom", field });
    }
    assert.equal(seen.length, 0, "nothing reached the server");
  });

  test("values within bounds pass: 0, 20, null, false", () => {
    for (const fields of [{ logprobs: true, top_logprobs: 0 }, { logprobs: true, top_logprobs: 20 }, { logprobs: null, top_logprobs: null }, { logprobs: false }, {}]) {
      assert.equal(fieldProblem(fields), undefined, JSON.stringify(fields));
    }
  });

  test("an answer is judged only when it has text and probabilities were asked", () => {
    const asked = { logprobs: true };
    assert.equal(lacksLogprobs({}, { choices: [{ message: { content: "Hi" }, logprobs: null }] }), false);
    assert.equal(lacksLogprobs(asked, { choices: [{ delta: { role: "assistant", content: "" }, logprobs: null }] }), false);
    assert.equal(lacksLogprobs(asked, { choices: [{ delta: {}, finish_reason: "stop" }] }), false);
    assert.equal(lacksLogprobs(asked, { choices: [] }), false);
    assert.equal(lacksLogprobs(asked, null), false);
    assert.equal(lacksLogprobs(asked, { choices: [{ delta: { content: "Hi" }, logprobs: { content: [] } }] }), false);
    assert.equal(lacksLogprobs(asked, { choices: [{ delta: { content: "Hi" } }] }), true);
    assert.equal(lacksLogprobs(asked, { choices: [{ message: { content: "Hi" }, logprobs: { content: null } }] }), true);
  });
});
