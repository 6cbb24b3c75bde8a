/**
 * `npm run model:pull -- <repo> <file> [--revision <rev>] [--id <id>]`, or
 * `npm run model:pull -- <name>` with a name from the browser model
 * catalogue (src/notebook/models/browser/browserModels.json: the same
 * files, and the same checksums where the catalogue pins them):
 * downloads a GGUF from the Hugging Face hub into the models folder (with a
 * progress bar, resume, and a size and sha256 check against the hub's
 * metadata) and adds it to the manifest, so the next `npm start` serves it.
 *
 * Environment: HF_ENDPOINT (hub base URL, default https://huggingface.co),
 * HF_TOKEN (for gated repositories), MODELS_MANIFEST (default
 * models/models.json).
 *
 * @example
 * npm run model:pull -- bartowski/SmolLM2-360M-Instruct-GGUF SmolLM2-360M-Instruct-Q8_0.gguf
 * npm run model:pull -- smollm2-360m-instruct-q8_0
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { readGgufFileInfo } from "node-llama-cpp";
import { browserCatalogue, findBrowserModel, type BrowserCatalogue } from "../notebook/models/browser/catalogue.ts";
import { parseManifest, readManifest, upsertManifestEntry } from "../server/manifest.ts";
import type { ManifestEntry } from "../server/manifest.ts";
import { downloadFile, fetchFileMetadata, PullError } from "./hubDownload.ts";
import { progressBar } from "./progressBar.ts";

/** A manifest id from a file name: `SmolLM2-360M-Instruct-Q8_0.gguf` → `smollm2-360m-instruct-q8_0`. */
export function modelIdFromFile(file: string): string {
  const base = file.split("/").at(-1)!.replace(/\.gguf$/i, "");
  const id = base
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "");
  return id.slice(0, 128) || "model";
}

export type PullOptions = {
  repo: string;
  file: string;
  revision?: string;
  id?: string;
  hubUrl: string;
  token?: string | undefined;
  manifestPath: string;
  /** A label for the manifest (default: repo and file). */
  label?: string;
  /** Size and sha256 the file must have, besides what the hub says (a catalogue's pinned values). */
  expect?: { size?: number | undefined; sha256?: string | undefined };
  onProgress?: (done: number, total: number) => void;
};

/** Downloads, checks and registers one model; resolves with its manifest entry. */
export async function pullModel(options: PullOptions): Promise<{ entry: ManifestEntry; path: string; fetched: number; resumedFrom: number }> {
  if (!/^[\w.-]+\/[\w.-]+$/.test(options.repo)) throw new PullError(`"${options.repo}" is not a repository name such as bartowski/SmolLM2-360M-Instruct-GGUF.`);
  if (!/\.gguf$/i.test(options.file)) throw new PullError(`"${options.file}" is not a .gguf file; the local server loads GGUF models only.`);
  const manifest = await readManifest(options.manifestPath);
  const meta = await fetchFileMetadata({ hubUrl: options.hubUrl, repo: options.repo, file: options.file, revision: options.revision ?? "main", token: options.token });
  if (options.expect?.sha256 && options.expect.sha256 !== meta.sha256) {
    throw new PullError(`${options.repo}/${options.file}: the hub says sha256 ${meta.sha256}, the catalogue ${options.expect.sha256}; nothing was downloaded.`);
  }
  if (options.expect?.size !== undefined && options.expect.size !== meta.size) {
    throw new PullError(`${options.repo}/${options.file}: the hub says ${meta.size} bytes, the catalogue ${options.expect.size}; nothing was downloaded.`);
  }
  const fileName = options.file.split("/").at(-1)!;
  const path = join(dirname(options.manifestPath), fileName);
  const present = await access(path).then(
    () => true,
    () => false,
  );
  let fetched = 0;
  let resumedFrom = 0;
  if (present) {
    const hash = createHash("sha256");
    await pipeline(createReadStream(path), hash);
    if (hash.digest("hex") !== meta.sha256) {
      throw new PullError(`${path} already exists but differs from ${options.repo}/${options.file} at revision ${meta.revision}; delete it to download again.`);
    }
  } else {
    const result = await downloadFile(meta, path, { token: options.token, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    fetched = result.fetched;
    resumedFrom = result.resumedFrom;
  }

  let trainedContext = 4096;
  try {
    const info = await readGgufFileInfo(path, { sourceType: "filesystem", readTensorInfo: false, logWarnings: false });
    const length = (info.architectureMetadata as { context_length?: number } | undefined)?.context_length;
    if (typeof length === "number" && length > 0) trainedContext = length;
  } catch (error) {
    throw new PullError(`${path} is not a readable GGUF file: ${(error as Error).message}`);
  }
  const id = options.id ?? modelIdFromFile(fileName);
  const previous = manifest.models.find((m) => m.id === id);
  const entry: ManifestEntry = {
    id,
    label: previous?.label ?? options.label ?? `${options.repo} (${fileName})`,
    file: fileName,
    demo: false,
    contextSize: previous?.contextSize ?? Math.min(trainedContext, 4096),
    parallel: previous?.parallel ?? 1,
    ...(previous?.threads !== undefined ? { threads: previous.threads } : {}),
    source: { kind: "huggingface", repo: options.repo, file: options.file, revision: meta.revision, sha256: meta.sha256, size: meta.size },
  };
  await upsertManifestEntry(options.manifestPath, entry);
  return { entry, path, fetched, resumedFrom };
}

/** Options to pull a catalogue model by its name; undefined when the name is not in the catalogue (or names no hub file). */
export function catalogueTarget(name: string, catalogue: BrowserCatalogue = browserCatalogue()): Pick<PullOptions, "repo" | "file" | "revision" | "id" | "label" | "expect"> | undefined {
  const model = findBrowserModel(catalogue, name);
  if (!model?.hub) return undefined;
  return { ...model.hub, id: model.id, label: model.label, expect: { size: model.bytes, sha256: model.sha256 } };
}

/** Makes `id` the manifest's default model (the one that answers requests for models not served here). */
export async function makeDefault(manifestPath: string, id: string): Promise<void> {
  const next = parseManifest({ ...(await readManifest(manifestPath)), default: id }, manifestPath);
  const temporary = `${manifestPath}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`);
  await rename(temporary, manifestPath);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { revision: { type: "string" }, id: { type: "string" }, help: { type: "boolean" } },
  });
  const named = positionals.length === 1 ? catalogueTarget(positionals[0]!) : undefined;
  if (values.help || (positionals.length !== 2 && !named)) {
    const names = browserCatalogue()
      .models.filter((m) => m.hub)
      .map((m) => m.id);
    console.error(
      (positionals.length === 1 ? `"${positionals[0]}" is not a catalogue name.\n` : "") +
        "Usage: npm run model:pull -- <repo> <file.gguf> [--revision <rev>] [--id <model id>]\n" +
        `   or: npm run model:pull -- <name>   (names: ${names.join(", ")})\n` +
        "Example: npm run model:pull -- bartowski/SmolLM2-360M-Instruct-GGUF SmolLM2-360M-Instruct-Q8_0.gguf\n" +
        "Environment: HF_ENDPOINT (hub URL), HF_TOKEN (gated repositories), MODELS_MANIFEST.",
    );
    process.exit(values.help ? 0 : 2);
  }
  const target = named ?? { repo: positionals[0]!, file: positionals[1]! };
  const bar = progressBar(target.file.split("/").at(-1)!);
  try {
    const result = await pullModel({
      ...target,
      ...(values.revision ? { revision: values.revision } : {}),
      ...(values.id ? { id: values.id } : {}),
      hubUrl: process.env.HF_ENDPOINT || "https://huggingface.co",
      token: process.env.HF_TOKEN || undefined,
      manifestPath: process.env.MODELS_MANIFEST || fileURLToPath(new URL("../../models/models.json", import.meta.url)),
      onProgress: bar.update,
    });
    bar.done();
    const how = result.fetched === 0 && result.resumedFrom === 0 ? "already present, checked" : result.resumedFrom > 0 ? `resumed at ${result.resumedFrom} bytes` : "downloaded";
    console.log(`${result.path}: ${how}; sha256 ${result.entry.source?.kind === "huggingface" ? result.entry.source.sha256 : ""}`);
    console.log(`Added "${result.entry.id}" to the manifest (context ${result.entry.contextSize}). npm start serves it; ask for model "${result.entry.id}".`);
  } catch (error) {
    bar.done();
    console.error(error instanceof PullError ? error.message : `model:pull failed: ${(error as Error).message}`);
    process.exit(1);
  }
}

if (import.meta.main) await main();
