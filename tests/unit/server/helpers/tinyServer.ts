/**
 * Starts the real server on a random loopback port with the tiny demo model
 * (written into a temporary folder) and a small fixture site.
 *
 * @example
 * const server = await startTinyServer({ QUEUE_LENGTH: "1" }, { parallel: 1 });
 * await fetch(new URL("v1/models", server.url));
 * await server.stop();
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeTinyModel } from "../../../../src/cli/tinyModel.ts";
import { startServer } from "../../../../src/server/main.ts";
import type { RunningServer } from "../../../../src/server/main.ts";
import { readSettings } from "../../../../src/server/settings.ts";
import { makeSiteFixture } from "./siteFixture.ts";

export type TinyServer = RunningServer & { dir: string; base: string; logs: string[] };

export const TINY = "carnet-tiny-demo";

export async function startTinyServer(
  env: Record<string, string> = {},
  model: { parallel?: number; contextSize?: number } = {},
): Promise<TinyServer> {
  const dir = await mkdtemp(join(tmpdir(), "carnet-server-"));
  await writeTinyModel(dir);
  const manifest = {
    default: TINY,
    models: [
      {
        id: TINY,
        label: "Tiny demo model",
        file: "carnet-tiny-demo.gguf",
        demo: true,
        contextSize: model.contextSize ?? 2048,
        parallel: model.parallel ?? 1,
      },
    ],
  };
  await writeFile(join(dir, "models.json"), JSON.stringify(manifest));
  const site = await makeSiteFixture(join(dir, "site"));
  const settings = readSettings({
    PORT: "0",
    HOST: "127.0.0.1",
    LLAMA_THREADS: "1",
    MODELS_MANIFEST: join(dir, "models.json"),
    SITE_DIR: site,
    RATE_LIMIT_PER_MINUTE: "0",
    LOG_LEVEL: "info",
    ...env,
  });
  const logs: string[] = [];
  const running = await startServer(settings, { logStream: { write: (line: string) => void logs.push(line) } });
  const stop = async () => {
    await running.stop();
    await rm(dir, { recursive: true, force: true });
  };
  return { ...running, stop, dir, base: running.url.replace(/\/$/, ""), logs };
}

/** Reads a fetch response's Server-Sent Events as parsed `data:` payloads (the string "[DONE]" included). */
export async function* sseEvents(response: Response): AsyncGenerator<unknown> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event
        .split("\n")
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
        .join("\n");
      yield data === "[DONE]" ? data : JSON.parse(data);
    }
  }
}

/** Polls `check` until it holds (each try waits for the previous); fails after `ms`. */
export async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setImmediate(resolve));
  }
}
