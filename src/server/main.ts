/**
 * Starts the server: reads the settings and the model manifest, loads the
 * models, listens, and on SIGTERM or SIGINT stops accepting, lets running
 * generations finish for SHUTDOWN_GRACE_MS, stops the rest and unloads the
 * models. Run it with `node src/server/main.ts` (or `npm start`, which also
 * builds the site and makes the tiny model when needed).
 *
 * @example
 * const server = await startServer(readSettings());
 * console.log(startupMessage(server));
 * await server.stop();
 */
import type { Llama } from "node-llama-cpp";
import { createApp } from "./app.ts";
import type { CarnetServer } from "./app.ts";
import { ShutdownError } from "./chatCompletions.ts";
import { trackConnections } from "./connectionTracker.ts";
import { loadLlama } from "./llamaRuntime.ts";
import { readManifest } from "./manifest.ts";
import { ModelRegistry } from "./modelRegistry.ts";
import { readSettings, settingDefaults, settingDocs } from "./settings.ts";
import type { Settings } from "./settings.ts";

export type RunningServer = {
  url: string;
  settings: Settings;
  server: CarnetServer;
  registry: ModelRegistry;
  /** Graceful stop: resolves when the port is closed and the models are unloaded. */
  stop: () => Promise<void>;
};

export async function startServer(settings: Settings, options: { logStream?: { write(line: string): void } } = {}): Promise<RunningServer> {
  const manifest = await readManifest(settings.modelsManifest);
  let log: (level: "error" | "warn", message: string) => void = (level, message) => {
    process.stderr.write(`${JSON.stringify({ level, msg: `llama.cpp: ${message}` })}\n`);
  };
  const llama: Llama = await loadLlama({ maxThreads: settings.llamaThreads, log: (level, message) => log(level, message) });
  const registry = await ModelRegistry.load(llama, manifest, {
    manifestPath: settings.modelsManifest,
    threads: settings.llamaThreads,
    queueLength: settings.queueLength,
    policy: { unknownModelPolicy: settings.unknownModelPolicy, huggingFace: settings.hfToken !== undefined },
  });
  if (registry.models.length === 0 && settings.hfToken === undefined) {
    await llama.dispose();
    const reasons = registry.skipped.map((s) => `\n  ${s.id}: ${s.reason}`).join("");
    throw new Error(`No model file is present, and HF_TOKEN is not set, so nothing could answer.${reasons}\nRun npm run model:tiny for the tiny demo model.`);
  }
  const server = createApp({ settings, registry, ...(options.logStream ? { logStream: options.logStream } : {}) });
  log = (level, message) => server.app.log[level]({ source: "llama.cpp" }, message);
  for (const s of registry.skipped) server.app.log.warn({ model: s.id }, `model skipped: ${s.reason}`);
  const connections = trackConnections(server.app.server);
  await server.app.listen({ port: settings.port, host: settings.host });
  const address = server.app.server.address();
  const port = typeof address === "object" && address ? address.port : settings.port;
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const closed = server.app.close();
      connections.closeWhenIdle();
      const grace = setTimeout(() => server.abortAll(new ShutdownError()), settings.shutdownGraceMs);
      if (server.inFlight() === 0) clearTimeout(grace);
      await closed;
      clearTimeout(grace);
      await registry.dispose();
      await llama.dispose();
    })();
    return stopping;
  };
  return { url: `http://${host}:${port}/`, settings, server, registry, stop };
}

/** The start-up lines: where to go and which models answer. */
export function startupMessage(running: RunningServer): string {
  const { registry, settings } = running;
  const lines = [`Carnet is running at ${running.url}`, "Models:"];
  for (const m of registry.models) {
    const tags = [m === registry.defaultModel ? "default" : "", m.entry.demo ? "tiny demo model" : ""].filter(Boolean).join(", ");
    lines.push(`  ${m.id}${tags ? ` (${tags})` : ""}: ${m.entry.label}; context ${m.contextSize}, ${m.entry.parallel} parallel, ${m.threads} thread(s)`);
  }
  for (const s of registry.skipped) lines.push(`  ${s.id}: not loaded, ${s.reason}`);
  if (settings.hfToken !== undefined) lines.push("  Other model ids: forwarded to the Hugging Face router with the server's HF_TOKEN.");
  else if (settings.unknownModelPolicy === "fallback" && registry.defaultModel) {
    lines.push(`  Other model ids: answered by ${registry.defaultModel.id}, named in the reply (no HF_TOKEN; UNKNOWN_MODEL_POLICY=fallback).`);
  } else lines.push("  Other model ids: 404 with the list above (no HF_TOKEN; UNKNOWN_MODEL_POLICY=not-found).");
  if (settings.apiKey !== undefined) lines.push("API requests need Authorization: Bearer <CARNET_API_KEY>.");
  lines.push("Stop with Ctrl+C.");
  return lines.join("\n");
}

/** Settings help, for `--help`. */
export function settingsHelp(): string {
  const defaults = settingDefaults();
  return [
    "Settings (environment variables):",
    ...Object.entries(settingDocs).map(([name, doc]) => {
      const value = defaults[name as keyof typeof defaults];
      return `  ${name}${value === undefined ? "" : ` (default ${JSON.stringify(value)})`}\n      ${doc}`;
    }),
  ].join("\n");
}

/** Runs until SIGTERM or SIGINT; exits 0 after a graceful stop. */
export async function runFromCommandLine(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(settingsHelp());
    return;
  }
  let running: RunningServer;
  try {
    running = await startServer(readSettings());
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  console.log(startupMessage(running));
  const onSignal = (signal: string) => {
    running.server.app.log.info({ signal }, "stopping");
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => onSignal("SIGTERM"));
  process.once("SIGINT", () => onSignal("SIGINT"));
}

if (import.meta.main) await runFromCommandLine();
