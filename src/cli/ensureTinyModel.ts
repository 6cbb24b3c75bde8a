/**
 * Makes the tiny demo model when the manifest lists it and its file is
 * missing, so a fresh, offline machine has a model that answers.
 *
 * @example
 * await ensureTinyModel("models/models.json");
 */
import { access } from "node:fs/promises";
import { dirname, join } from "node:path";
import { readManifest } from "../server/manifest.ts";
import { tinyModelRecipe, writeTinyModel } from "./tinyModel.ts";

/** Resolves with the path written, or undefined when nothing had to be made. */
export async function ensureTinyModel(manifestPath: string): Promise<string | undefined> {
  const manifest = await readManifest(manifestPath);
  const dir = dirname(manifestPath);
  const tiny = manifest.models.find((m) => m.file === tinyModelRecipe.file);
  if (!tiny) return undefined;
  const present = await access(join(dir, tiny.file)).then(
    () => true,
    () => false,
  );
  return present ? undefined : writeTinyModel(dir);
}
