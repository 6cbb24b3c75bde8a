/** Operations: /healthz, /metrics, logs without prompts or outputs, graceful SIGTERM. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { writeTinyModel } from "../../../src/cli/tinyModel.ts";
import { sseEvents, startTinyServer, TINY } from "./helpers/tinyServer.ts";
import type { TinyServer } from "./helpers/tinyServer.ts";

describe("health, metrics and logs", () => {
  let server: TinyServer;
  before(async () => {
    server = await startTinyServer();
  });
  after(() => server.stop());

  test("/healthz reports ok and the models", async () => {
    const response = await fetch(`${server.base}/healthz`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status: string; models: { id: string; demo: boolean }[] };
    assert.equal(body.status, "ok");
    assert.deepEqual(
      body.models.map((m) => [m.id, m.demo]),
      [[TINY, true]],
    );
  });

  test("/metrics is Prometheus text with requests, tokens, queue depth and time to first token", async () => {
    const client = new OpenAI({ apiKey: "unused", baseURL: `${server.base}/v1`, maxRetries: 0 });
    await client.chat.completions.create({ model: TINY, messages: [{ role: "user", content: "hi" }], max_tokens: 5, temperature: 0 });
    await fetch(`${server.base}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    const response = await fetch(`${server.base}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, /^# TYPE carnet_http_requests_total counter$/m);
    assert.match(text, /^carnet_http_requests_total\{route="chat",status="200"\} 1$/m);
    assert.match(text, /^carnet_http_requests_total\{route="chat",status="400"\} 1$/m);
    assert.match(text, /^carnet_tokens_generated_total\{model="carnet-tiny-demo"\} 5$/m);
    assert.match(text, /^carnet_queue_depth\{model="carnet-tiny-demo"\} 0$/m);
    assert.match(text, /^carnet_time_to_first_token_seconds_count\{model="carnet-tiny-demo"\} 1$/m);
    assert.match(text, /^carnet_time_to_first_token_seconds_bucket\{le="\+Inf",model="carnet-tiny-demo"\} 1$/m);
    assert.match(text, /^process_resident_memory_bytes \d+$/m, "process metrics are there too");
    assert.match(text, /^nodejs_eventloop_lag_p99_seconds [\d.e-]+$/m);
  });

  test("logs are JSON lines with counts, never the prompt, the output or a key", async () => {
    const secretPrompt = "my-private-question-about-photosynthesis";
    const response = await fetch(`${server.base}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer hf_should_not_be_logged" },
      body: JSON.stringify({ model: TINY, messages: [{ role: "user", content: secretPrompt }], max_tokens: 6, temperature: 0 }),
    });
    const reply = (await response.json()) as { choices: { message: { content: string } }[] };
    const output = reply.choices[0]!.message.content;
    const bad = await fetch(`${server.base}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"messages": [{"role": "user", "content": "${secretPrompt}"}], "max_tokens": "x"}`,
    });
    assert.equal(bad.status, 400);
    await fetch(`${server.base}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: `{"${secretPrompt}` });

    const lines = server.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const chat = lines.find((l) => l.route === "chat" && l.status === 200 && l.completionTokens === 6);
    assert.ok(chat, "a log line for the chat request");
    assert.equal(chat.model, TINY);
    assert.equal(typeof chat.promptTokens, "number");
    const all = server.logs.join("\n");
    assert.ok(!all.includes(secretPrompt), "no prompt in the logs");
    assert.ok(!all.includes(output.trim()), "no output in the logs");
    assert.ok(!all.includes("hf_should_not_be_logged"), "no token in the logs");
  });
});

describe("graceful shutdown on SIGTERM", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "carnet-sigterm-"));
    await writeTinyModel(dir);
    const manifest = { models: [{ id: TINY, label: "Tiny demo model", file: "carnet-tiny-demo.gguf", demo: true, contextSize: 8192, parallel: 1 }] };
    await writeFile(join(dir, "models.json"), JSON.stringify(manifest));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function startChild(env: Record<string, string>) {
    const main = fileURLToPath(new URL("../../../src/server/main.ts", import.meta.url));
    const child = spawn(process.execPath, [main], {
      env: {
        PATH: process.env.PATH,
        PORT: "0",
        HOST: "127.0.0.1",
        LLAMA_THREADS: "1",
        MODELS_MANIFEST: join(dir, "models.json"),
        SITE_DIR: join(dir, "no-site"),
        MAX_TOKENS_CAP: "8000",
        LOG_LEVEL: "warn",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (text: string) => {
        out += text;
        const match = /running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once("exit", (code) => reject(new Error(`server exited early (${code}): ${out}`)));
    });
    return { child, base };
  }

  function stream(base: string, maxTokens: number) {
    return fetch(`${base}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: TINY, messages: [{ role: "user", content: "hi" }], max_tokens: maxTokens, temperature: 0, stream: true }),
    });
  }

  test("a running stream finishes, then the process exits 0 and the port is closed", async () => {
    const { child, base } = await startChild({ SHUTDOWN_GRACE_MS: "60000" });
    const response = await stream(base, 40);
    const events = sseEvents(response);
    await events.next();
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const rest: unknown[] = [];
    for await (const event of events) rest.push(event);
    assert.equal(rest.at(-1), "[DONE]");
    const finish = rest.at(-2) as { choices: { finish_reason: string }[] };
    assert.equal(finish.choices[0]!.finish_reason, "length", "the stream ran to its end");
    const [code] = await exited;
    assert.equal(code, 0);
    await assert.rejects(fetch(`${base}/healthz`), "the port is closed");
  });

  test("a stream still running after the grace period is stopped with a message", async () => {
    const { child, base } = await startChild({ SHUTDOWN_GRACE_MS: "100" });
    const response = await stream(base, 8000);
    const events = sseEvents(response);
    await events.next();
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const rest: unknown[] = [];
    for await (const event of events) rest.push(event);
    assert.equal(rest.at(-1), "[DONE]");
    const error = rest.at(-2) as { error?: string };
    assert.match(error.error ?? "", /shutting down/);
    const [code] = await exited;
    assert.equal(code, 0);
  });
});
