/**
 * Local model server benchmark (`npm run bench -- server`), on the tiny demo
 * model with one thread:
 * - time to first token and decode speed through the server (a streamed
 *   request over loopback, read with plain fetch and with the official
 *   `openai` client) against node-llama-cpp called in-process on the same
 *   model, context settings and prompts; reported as ratios (targets: first
 *   token at most 10% slower, tokens per second at least 95%). Two prompts:
 *   a short question (about 50 tokens, so fixed costs dominate) and a long
 *   one (about 1,200 tokens, different from its first character on each
 *   run, so the whole prompt is evaluated every time);
 * - 8 concurrent streamed requests, several rounds: all must complete;
 *   p50 and p99 latency, and the server's peak resident memory (VmHWM).
 * The three ways take turns run by run, so the machine's load drifts alike
 * for all. BENCH_RUNS (default 30) sets the measured runs per way.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import OpenAI from "openai";
import { writeTinyModel, tinyModelRecipe } from "../src/cli/tinyModel.ts";
import { startServerProcess } from "../tests/support/serverProcess.ts";
import { percentile } from "./lib/percentile.ts";
import { loadInProcess, sample, type Sample } from "./lib/inProcessChat.ts";

const root = resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUP = 3;
const TOKENS = 64;
const CONTEXT = 2048;
const PARALLEL = 2;
const CONCURRENT = 8;
const ROUNDS = 5;
type Prompt = (i: number) => { system: string; user: string };
const shortPrompt: Prompt = (i) => ({
  system: "You are a patient teacher of open language models.",
  user: `Question ${i}: explain in a few sentences what a token is and why models read tokens, not letters.`,
});
const passage = "A language model reads text as tokens and predicts the next one, again and again, until it stops. ".repeat(12);
const longPrompt: Prompt = (i) => ({
  system: `Run ${i}. You are a patient teacher of open language models.`,
  user: `Read this passage, then summarise it.\n\n${passage}`,
});
const scenarios: { name: string; prompt: Prompt }[] = [
  { name: "shortPrompt", prompt: shortPrompt },
  { name: "longPrompt", prompt: longPrompt },
];


const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number, digits = 2) => Number(n.toFixed(digits));


function summarize(samples: Sample[]) {
  return {
    runs: samples.length,
    ttftMsMedian: round(median(samples.map((s) => s.ttftMs))),
    tokensPerSecondMedian: round(median(samples.map((s) => s.tokensPerSecond)), 1),
    tokensPerRun: median(samples.map((s) => s.tokens)),
  };
}

function startServer(dir: string) {
  return startServerProcess({ MODELS_MANIFEST: join(dir, "models.json"), SITE_DIR: join(dir, "site") });
}

/** One streamed request read with fetch; resolves with its timing and whether it ended properly. */
async function streamWithFetch(base: string, systemText: string, content: string): Promise<Sample & { ok: boolean; totalMs: number }> {
  const start = performance.now();
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: tinyModelRecipe.id,
      messages: [
        { role: "system", content: systemText },
        { role: "user", content },
      ],
      max_tokens: TOKENS,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    }),
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let first = 0;
  let last = 0;
  let tokens = 0;
  let finished = false;
  let done = false;
  while (!done) {
    const chunk = await reader.read();
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const data = buffer.slice(6, end);
      buffer = buffer.slice(end + 2);
      if (data === "[DONE]") {
        done = true;
        break;
      }
      const event = JSON.parse(data) as { choices: { delta: { content?: string }; finish_reason: string | null }[]; usage?: { completion_tokens: number } | null };
      if (event.choices[0]?.delta.content) {
        last = performance.now();
        if (first === 0) first = last;
      }
      if (event.choices[0]?.finish_reason) finished = true;
      if (event.usage) tokens = event.usage.completion_tokens;
    }
  }
  const totalMs = performance.now() - start;
  return { ...sample(start, first, last, tokens), ok: response.status === 200 && done && finished, totalMs };
}

/** One streamed request through the official openai client. */
async function streamWithOpenai(client: OpenAI, system: string, user: string): Promise<Sample> {
  const start = performance.now();
  let first = 0;
  let last = 0;
  let tokens = 0;
  const stream = await client.chat.completions.create({
    model: tinyModelRecipe.id,
    messages: [
      { role: "system", content: system },
      { role: "user", content: user },
    ],
    max_tokens: TOKENS,
    temperature: 0,
    stream: true,
    stream_options: { include_usage: true },
  });
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta.content) {
      last = performance.now();
      if (first === 0) first = last;
    }
    if (chunk.usage) tokens = chunk.usage.completion_tokens;
  }
  return sample(start, first, last, tokens);
}

/** The three ways, one run each in turn, so a change in the machine's load hits all of them alike. */
async function compare(local: Awaited<ReturnType<typeof loadInProcess>>, base: string, prompt: Prompt) {
  const client = new OpenAI({ apiKey: "unused", baseURL: `${base}/v1`, maxRetries: 0 });
  const samples = { inProcess: [] as Sample[], fetch: [] as Sample[], openai: [] as Sample[] };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // The server's slot keeps its last prompt: the openai run gets prompts of its own, so no way meets a prompt it has seen.
    const { system, user } = prompt(i);
    const other = prompt(1_000_000 + i);
    const a = await local.run(system, user);
    const b = await streamWithFetch(base, system, user);
    if (!b.ok) throw new Error("a streamed request did not complete");
    const c = await streamWithOpenai(client, other.system, other.user);
    if (i < WARMUP) continue;
    samples.inProcess.push(a);
    samples.fetch.push(b);
    samples.openai.push(c);
  }
  const inProcess = summarize(samples.inProcess);
  const server = { fetch: summarize(samples.fetch), openai: summarize(samples.openai) };
  return {
    inProcess,
    server,
    ratios: {
      firstTokenServerOverInProcess: round(server.fetch.ttftMsMedian / inProcess.ttftMsMedian),
      tokensPerSecondServerOverInProcess: round(server.fetch.tokensPerSecondMedian / inProcess.tokensPerSecondMedian),
      firstTokenOpenaiClientOverInProcess: round(server.openai.ttftMsMedian / inProcess.ttftMsMedian),
      tokensPerSecondOpenaiClientOverInProcess: round(server.openai.tokensPerSecondMedian / inProcess.tokensPerSecondMedian),
    },
  };
}

function peakMemoryMiB(pid: number): { peakRssMiB: number; rssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakRssMiB: round(kib("VmHWM") / 1024, 1), rssMiB: round(kib("VmRSS") / 1024, 1) };
}

async function concurrent(base: string, pid: number) {
  const latencies: number[] = [];
  const firstTokens: number[] = [];
  let failures = 0;
  const idle = peakMemoryMiB(pid);
  for (let r = 0; r < ROUNDS; r++) {
    const results = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) => streamWithFetch(base, shortPrompt(1000 + r * CONCURRENT + i).system, shortPrompt(1000 + r * CONCURRENT + i).user).catch(() => undefined)),
    );
    for (const result of results) {
      if (!result?.ok) {
        failures++;
        continue;
      }
      latencies.push(result.totalMs);
      firstTokens.push(result.ttftMs);
    }
  }
  return {
    requests: CONCURRENT * ROUNDS,
    concurrency: CONCURRENT,
    completed: latencies.length,
    failures,
    latencyMsP50: round(percentile(latencies, 50), 1),
    latencyMsP99: round(percentile(latencies, 99), 1),
    firstTokenMsP50: round(percentile(firstTokens, 50), 1),
    firstTokenMsP99: round(percentile(firstTokens, 99), 1),
    serverRssBeforeMiB: idle.rssMiB,
    ...peakMemoryMiB(pid),
  };
}

const dir = mkdtempSync(join(tmpdir(), "carnet-server-bench-"));
try {
  const modelPath = await writeTinyModel(dir);
  writeFileSync(
    join(dir, "models.json"),
    JSON.stringify({ models: [{ id: tinyModelRecipe.id, label: "Tiny demo model", file: tinyModelRecipe.file, demo: true, contextSize: CONTEXT, parallel: PARALLEL }] }),
  );
  const local = await loadInProcess(modelPath, { threads: 1, contextSize: CONTEXT, sequences: PARALLEL, maxTokens: TOKENS });
  const server = await startServer(dir);
  const comparisons: Record<string, unknown> = {};
  let crowd;
  try {
    for (const scenario of scenarios) comparisons[scenario.name] = await compare(local, server.url, scenario.prompt);
    await local.dispose();
    crowd = await concurrent(server.url, server.pid);
  } finally {
    await server.stop();
  }
  const results = {
    model: `${tinyModelRecipe.id} (tiny demo model, F32, ${tinyModelRecipe.embeddingLength}-wide, ${tinyModelRecipe.blockCount} layers)`,
    settings: { threads: 1, contextSize: CONTEXT, parallel: PARALLEL, maxTokens: TOKENS, temperature: 0, runsPerSide: RUNS },
    targets: { firstTokenRatioAtMost: 1.1, tokensPerSecondRatioAtLeast: 0.95 },
    ...comparisons,
    concurrent: crowd,
  };
  console.log(JSON.stringify(results, null, 2));
  writeFileSync(join(root, "bench/out/server.json"), `${JSON.stringify(results, null, 2)}\n`);
  if (crowd.failures > 0 || crowd.completed !== crowd.requests) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
