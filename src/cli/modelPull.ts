/**
 * `npm run model:pull -- <name> | <repo> <file> [--revision <rev>] [--id <id>]`:
 * downloads a GGUF (a name from the browser model catalogue, or any file) from the Hugging Face hub into the models folder (with a
 * progress bar, resume, and a size and sha256 check against the hub's
 * metadata) and adds it to the manifest, so the next `npm start` serves it.
 *
 * Environment: HF_ENDPOINT (hub base URL, default https://huggingface.co),
 * HF_TOKEN (for gated repositories), MODELS_MANIFEST (default
 * models/models.json).
 *
 * @example
 * npm run model:pull -- bartowski/SmolLM2-360M-Instruct-GGUF SmolLM2-360M-Instruct-Q8_0.gguf
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { readGgufFileInfo } from "node-llama-cpp";
import { browserCatalogue, findBrowserModel, type BrowserCatalogue } from "../notebook/models/shared/browser/catalogue.ts";
import { manifestEntrySchema, parseManifest, readManifest, upsertManifestEntry } from "../server/manifest.ts";
import type { ManifestEntry } from "../server/manifest.ts";
import { downloadFile, fetchFileMetadata, PullError } from "./hubDownload.ts";
import { defineCommand, parseCommandLine, refuse } from "./commandLine.ts";
import { onInterrupt } from "./interrupt.ts";
import { progressBar } from "./progressBar.ts";
import { writeFileAtomically } from "./writeFileAtomically.ts";

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
  /** Stops the download; the bytes that arrived stay in `<file>.part` for a resume. */
  signal?: AbortSignal;
};

const repoName = /^[\w.-]+\/[\w.-]+$/;

/** Downloads, checks and registers one model; resolves with its manifest entry. */
export async function pullModel(options: PullOptions): Promise<{ entry: ManifestEntry; path: string; fetched: number; resumedFrom: number }> {
  if (!repoName.test(options.repo)) throw new PullError(`"${options.repo}" is not a repository name such as bartowski/SmolLM2-360M-Instruct-GGUF.`);
  if (!/\.gguf$/i.test(options.file)) throw new PullError(`"${options.file}" is not a .gguf file; the local server loads GGUF models only.`);
  const manifest = await readManifest(options.manifestPath);
  const meta = await fetchFileMetadata({ hubUrl: options.hubUrl, repo: options.repo, file: options.file, revision: options.revision ?? "main", token: options.token, ...(options.signal ? { signal: options.signal } : {}) });
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
    const result = await downloadFile(meta, path, { token: options.token, ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) });
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
  writeFileAtomically(manifestPath, `${JSON.stringify(next, null, 2)}\n`);
}

const command = defineCommand({
  name: "model:pull",
  summary:
    "Downloads a GGUF model (a catalogue name, or any hub repository and file) from the Hugging Face hub into the models folder, resuming an earlier partial download, " +
    "checks its size and sha256 against the hub's, and adds it to the manifest, so the next npm start serves it.",
  rest: { name: "name | repo file.gguf", description: "a name from the browser model catalogue, or a hub repository (owner/name) and the GGUF file in it" },
  options: {
    revision: { type: "string", value: "<rev>", default: "main", description: "a branch, tag or commit of the repository" },
    id: {
      type: "string",
      value: "<model id>",
      description: "the id clients ask for; by default made from the file name",
      check: (v) => manifestEntrySchema.shape.id.safeParse(v).error?.issues[0]?.message,
    },
  },
  environment: {
    HF_ENDPOINT: "the hub's address (default https://huggingface.co), e.g. a mirror",
    HF_TOKEN: "a Hugging Face token, for gated or private repositories",
    MODELS_MANIFEST: "the manifest to add the model to (default models/models.json)",
  },
  examples: [
    { run: "smollm2-360m-instruct-q8_0", says: "a model of the catalogue (src/notebook/models/shared/browser/browserModels.json), checked against its pinned sha256" },
    { run: "bartowski/SmolLM2-360M-Instruct-GGUF SmolLM2-360M-Instruct-Q8_0.gguf", says: "any hub file: a small instruct model, about 390 MB" },
    { run: "Qwen/Qwen2.5-0.5B-Instruct-GGUF qwen2.5-0.5b-instruct-q4_k_m.gguf --id qwen-small", says: "served as model qwen-small" },
  ],
  exitCodes: { 1: "the hub could not be reached or refused, or the file failed its checks; a partial download is kept to resume" },
  interruptible: true,
});

/** Where the hub is and who asks it, from the environment (HF_ENDPOINT, HF_TOKEN). */
export function hubFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<PullOptions, "hubUrl" | "token"> {
  return { hubUrl: env.HF_ENDPOINT || "https://huggingface.co", token: env.HF_TOKEN || undefined };
}

/** What to pull: a catalogue name alone, or a repository and a file. */
function target(positionals: readonly string[]): Pick<PullOptions, "repo" | "file"> & Partial<PullOptions> {
  const names = () => browserCatalogue().models.filter((m) => m.hub).map((m) => m.id).join(", ");
  if (positionals.length === 1) {
    return catalogueTarget(positionals[0]!) ?? refuse(command, `"${positionals[0]}" is not a catalogue name (names: ${names()}); or give a repository and a file`);
  }
  if (positionals.length !== 2) refuse(command, `give a catalogue name (${names()}), or a repository and a .gguf file`);
  const [repo, file] = positionals as [string, string];
  if (!repoName.test(repo)) refuse(command, `<repo> ${JSON.stringify(repo)}: not a repository name such as bartowski/SmolLM2-360M-Instruct-GGUF`);
  if (!/\.gguf$/i.test(file)) refuse(command, `<file.gguf> ${JSON.stringify(file)}: not a .gguf file; the local server loads GGUF models only`);
  return { repo, file };
}

async function main(): Promise<void> {
  const { values, positionals } = parseCommandLine(command);
  const chosen = target(positionals);
  const bar = progressBar(chosen.file.split("/").at(-1)!);
  let pulling: ReturnType<typeof pullModel> | undefined;
  const interrupt = onInterrupt(async () => {
    await pulling?.catch(() => {});
    bar.done();
    console.error("Stopped. Bytes already downloaded are kept: run the same command again to resume.");
  });
  try {
    pulling = pullModel({
      ...chosen,
      ...(values.revision !== "main" || !chosen.revision ? { revision: values.revision } : {}),
      ...(values.id ? { id: values.id } : {}),
      ...hubFromEnv(),
      manifestPath: process.env.MODELS_MANIFEST || fileURLToPath(new URL("../../models/models.json", import.meta.url)),
      onProgress: bar.update,
      signal: interrupt.signal,
    });
    const result = await pulling;
    interrupt.dispose();
    bar.done();
    const how = result.fetched === 0 && result.resumedFrom === 0 ? "already present, checked" : result.resumedFrom > 0 ? `resumed at ${result.resumedFrom} bytes` : "downloaded";
    console.log(`${result.path}: ${how}; sha256 ${result.entry.source?.kind === "huggingface" ? result.entry.source.sha256 : ""}`);
    console.log(`Added "${result.entry.id}" to the manifest (context ${result.entry.contextSize}). npm start serves it; ask for model "${result.entry.id}".`);
  } catch (error) {
    // After Ctrl+C the interrupt's clean-up speaks and exits.
    if (interrupt.signal.aborted) return;
    bar.done();
    console.error(error instanceof PullError ? error.message : `model:pull failed: ${(error as Error).message}`);
    process.exit(1);
  }
}

if (import.meta.main) await main();
