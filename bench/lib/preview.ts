/**
 * Serves the built site (`dist/`) with the project's own server on a free
 * loopback port for a benchmark, quietly, and stops it afterwards. Makes
 * the tiny demo model first if no model file is there.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "../../src/server/main.ts";
import { readSettings } from "../../src/server/settings.ts";
import { tinyModelRecipe, writeTinyModel } from "../../src/cli/tinyModel.ts";

export async function startStaticPreview(root: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const settings = readSettings({ ...process.env, PORT: "0", HOST: "127.0.0.1", LLAMA_THREADS: process.env.LLAMA_THREADS ?? "1" });
  const models = join(root, "models");
  if (!existsSync(join(models, tinyModelRecipe.file))) await writeTinyModel(models);
  const server = await startServer(settings, { logStream: { write: () => {} } });
  return { url: server.url.replace(/\/$/, ""), stop: server.stop };
}
