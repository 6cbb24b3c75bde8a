/**
 * Serves the built site (`dist/`) with the project's own server on a free
 * loopback port for a benchmark, quietly, and stops it afterwards. Makes
 * the tiny demo model first if no model file is there.
 */
import { startServer } from "../../src/server/main.ts";
import { readSettings } from "../../src/server/settings.ts";
import { ensureTinyModel } from "../../src/cli/ensureTinyModel.ts";

export async function startStaticPreview(): Promise<{ url: string; stop: () => Promise<void> }> {
  const settings = readSettings({ ...process.env, PORT: "0", HOST: "127.0.0.1", LLAMA_THREADS: process.env.LLAMA_THREADS ?? "1" });
  await ensureTinyModel(settings.modelsManifest);
  const server = await startServer(settings, { logStream: { write: () => {} } });
  return { url: server.url.replace(/\/$/, ""), stop: server.stop };
}
