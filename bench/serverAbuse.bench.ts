/**
 * The server under abuse (`npm run bench -- serverAbuse`), with its default
 * settings and the tiny demo model (context 2048):
 * - `/healthz` latency (p50, p99, max) probed one request after another
 *   while four ~1 MB prompts arrive at once and are refused as too long
 *   (ROUNDS times), and the same probe with nothing else running;
 * - 20 stalled clients (connected and silent, half the headers, headers and
 *   half the body, a streamed reply never read): how many sockets the
 *   server still holds open 70 s later (counted in /proc/net/tcp).
 * - every bound of a chat request (tests/support/boundCases.ts), a request
 *   at it and one over it, FIELD_REPEATS times each: the server process's
 *   CPU time per request (from /metrics, so other processes on the machine
 *   do not inflate it), the longest event-loop delay meanwhile, and the
 *   slowest round trip.
 * BENCH_STALL_WAIT_MS (default 70000) sets the wait; BENCH_ABUSE_ONLY=fields
 * runs the field bounds alone.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { tinyModelRecipe, writeTinyModel } from "../src/cli/tinyModel.ts";
import { boundCases } from "../tests/support/boundCases.ts";
import { startServerProcess } from "../tests/support/serverProcess.ts";
import { percentile } from "./lib/percentile.ts";

const root = resolve(import.meta.dirname, "..");
const STALL_WAIT_MS = Number(process.env.BENCH_STALL_WAIT_MS ?? 70_000);
const PROMPT_BYTES = 1_000_000;
const PROMPTS = 4;
const STALLED = 20;
const ROUNDS = 5;
const FIELD_REPEATS = 5;
const ONLY = process.env.BENCH_ABUSE_ONLY;

const round = (n: number) => Number(n.toFixed(1));

/** Probes /healthz one request after another until `until` settles. */
async function probeHealth(base: string, until: Promise<unknown>): Promise<{ probes: number; p50Ms: number; p99Ms: number; maxMs: number }> {
  let done = false;
  void until.finally(() => (done = true));
  const latencies: number[] = [];
  while (!done || latencies.length < 20) {
    const start = performance.now();
    await (await fetch(`${base}/healthz`)).arrayBuffer();
    latencies.push(performance.now() - start);
  }
  return { probes: latencies.length, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), maxMs: round(Math.max(...latencies)) };
}

// Made before any probe, so building it does not delay the probes.
const hugeBody = Buffer.from(JSON.stringify({ model: tinyModelRecipe.id, messages: [{ role: "user", content: "word ".repeat(PROMPT_BYTES / 5) }], max_tokens: 8 }));

async function hugePrompts(base: string) {
  const statuses = new Map<number, number>();
  const refusedMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: PROMPTS }, async () => {
        const response = await fetch(`${base}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: hugeBody });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }),
    );
    refusedMs.push(performance.now() - started);
  }
  return { statuses: Object.fromEntries(statuses), allFourRefusedMsMedian: round(percentile(refusedMs, 50)) };
}

/** Opens a stalled client of one of four kinds; resolves `closedAt` when the server closes it. */
function stalledClient(port: number, kind: number, start: number): { socket: Socket; closed: Promise<number> } {
  const socket = connect(port, "127.0.0.1");
  const body = JSON.stringify({ model: tinyModelRecipe.id, messages: [{ role: "user", content: "Tell me a story." }], stream: true });
  socket.on("connect", () => {
    if (kind === 1) socket.write("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    if (kind === 2) socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 10000\r\n\r\n${body.slice(0, 20)}`);
    if (kind === 3) {
      socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      socket.pause(); // never reads the stream
    }
  });
  if (kind !== 3) socket.on("data", () => {});
  socket.on("error", () => {});
  const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(performance.now() - start)));
  return { socket, closed };
}

/** Established TCP connections whose local port is `port` (the server's side), from /proc/net/tcp and tcp6. */
function serverSockets(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  let count = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (local?.endsWith(`:${hex}`) && state === "01") count++;
    }
  }
  return count;
}

async function stalledClients(base: string) {
  const port = Number(new URL(base).port);
  const start = performance.now();
  const clients = Array.from({ length: STALLED }, (_, i) => stalledClient(port, i % 4, start));
  const closedTimes: number[] = [];
  for (const client of clients) void client.closed.then((ms) => closedTimes.push(ms));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const openAfter2s = serverSockets(port);
  await new Promise((resolve) => setTimeout(resolve, STALL_WAIT_MS - 2000));
  const open = serverSockets(port);
  for (const client of clients) client.socket.destroy();
  return {
    clients: STALLED,
    serverSocketsOpenAfter2s: openAfter2s,
    waitedMs: STALL_WAIT_MS,
    serverSocketsStillOpen: open,
    lastClientSawCloseAfterMs: closedTimes.length > 0 ? round(Math.max(...closedTimes)) : null,
  };
}

/** The server's CPU seconds and its longest event-loop delay since the last scrape (prom-client resets it on each). */
async function serverGauges(base: string): Promise<{ cpuMs: number; lagMaxMs: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
  return { cpuMs: value("process_cpu_seconds_total") * 1000, lagMaxMs: value("nodejs_eventloop_lag_max_seconds") * 1000 };
}

async function fieldBounds(base: string) {
  const rows = [];
  for (const c of boundCases(tinyModelRecipe.id)) {
    for (const [side, body] of [["at", c.at], ["over", c.over]] as const) {
      const before = await serverGauges(base);
      let slowest = 0;
      let status = 0;
      let lagMaxMs = 0;
      let cpuMs = 0;
      let last = before;
      for (let i = 0; i < FIELD_REPEATS; i++) {
        const start = performance.now();
        const response = await fetch(`${base}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body });
        await response.arrayBuffer();
        slowest = Math.max(slowest, performance.now() - start);
        status = response.status;
        const now = await serverGauges(base);
        lagMaxMs = Math.max(lagMaxMs, now.lagMaxMs);
        cpuMs += now.cpuMs - last.cpuMs;
        last = now;
      }
      rows.push({ field: c.field, case: c.what, side, bytes: body.length, status, serverCpuMsPerRequest: round(cpuMs / FIELD_REPEATS), eventLoopDelayMaxMs: round(lagMaxMs), slowestRoundTripMs: round(slowest) });
    }
  }
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), "carnet-abuse-bench-"));
try {
  await writeTinyModel(dir);
  writeFileSync(
    join(dir, "models.json"),
    JSON.stringify({ models: [{ id: tinyModelRecipe.id, label: "Tiny demo model", file: tinyModelRecipe.file, demo: true, contextSize: 2048, parallel: 1 }] }),
  );
  const server = await startServerProcess({ MODELS_MANIFEST: join(dir, "models.json"), SITE_DIR: join(dir, "site"), BODY_LIMIT_BYTES: String(2 * PROMPT_BYTES) });
  let results;
  try {
    await probeHealth(server.url, Promise.resolve()); // warm-up
    if (ONLY === "fields") {
      const fields = await fieldBounds(server.url);
      console.table(fields);
      results = { fields, repeats: FIELD_REPEATS };
    } else {
      const idle = await probeHealth(server.url, new Promise((resolve) => setTimeout(resolve, 1000)));
      const prompts = hugePrompts(server.url);
      const underLoad = await probeHealth(server.url, prompts);
      const stalled = await stalledClients(server.url);
      const fields = await fieldBounds(server.url);
      results = {
        fields,
        healthzIdle: idle,
        healthzWhileHugePromptsRefused: { ...underLoad, ...(await prompts), promptBytes: PROMPT_BYTES, prompts: PROMPTS, rounds: ROUNDS },
        stalled,
        targets: { healthzP99MsBelow: 50, serverSocketsStillOpen: 0 },
      };
    }
  } finally {
    await server.stop();
  }
  console.log(JSON.stringify(results, null, 2));
  writeFileSync(join(root, "bench/out/serverAbuse.json"), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
