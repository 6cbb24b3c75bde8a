/**
 * The model manifest (`models/models.json`): which GGUF files the server
 * loads, under which ids, with which context size, threads and parallel
 * sequences. Checked by a schema whose errors name the entry and field.
 *
 * @example
 * const manifest = await readManifest("models/models.json");
 * manifest.models[0].id // "carnet-tiny-demo"
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";

const modelId = z
  .string({ error: "an id is required" })
  .regex(/^[a-z0-9][a-z0-9._-]{0,127}$/, "lower-case letters, digits, '.', '_' or '-' (e.g. smollm2-360m-instruct-q8_0)");

const sourceSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("generated"), command: z.string().min(1) }),
    z.object({
      kind: z.literal("huggingface"),
      repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "owner/name"),
      file: z.string().min(1),
      revision: z.string().min(1),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 hex digits"),
      size: z.number().int().nonnegative(),
    }),
  ],
  { error: 'kind must be "generated" or "huggingface"' },
);

export const manifestEntrySchema = z.object({
  id: modelId,
  label: z.string({ error: "a label (shown in /v1/models and at start-up) is required" }).min(1, "the label is empty"),
  file: z.string().regex(/^[^/\\]+\.gguf$/, "a file name ending in .gguf, in the manifest's folder"),
  demo: z.boolean().default(false),
  contextSize: z.number().int().min(256, "at least 256").max(1_048_576).default(4096),
  threads: z.number().int().min(1).max(256).optional(),
  parallel: z.number().int().min(1, "at least 1").max(64).default(1),
  source: sourceSchema.optional(),
});

const manifestSchema = z.object({
  $comment: z.string().optional(),
  default: modelId.optional(),
  models: z.array(manifestEntrySchema),
});

export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

/** Checks manifest data; throws one message naming the file, entry and field at fault. */
export function parseManifest(input: unknown, where = "models.json"): Manifest {
  const result = manifestSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const [first, index, ...rest] = issue.path;
    let place = issue.path.join(".");
    if (first === "models" && typeof index === "number") {
      const entry = (input as { models?: { id?: unknown }[] }).models?.[index];
      const name = typeof entry?.id === "string" ? ` (${entry.id})` : "";
      place = `models[${index}]${name}${rest.length > 0 ? `.${rest.join(".")}` : ""}`;
    }
    throw new Error(`${where}: ${place || "top level"}: ${issue.message}`);
  }
  const manifest = result.data;
  const ids = new Set<string>();
  for (const entry of manifest.models) {
    if (ids.has(entry.id)) throw new Error(`${where}: model id "${entry.id}" is listed twice`);
    ids.add(entry.id);
  }
  if (manifest.default !== undefined && !ids.has(manifest.default)) {
    throw new Error(`${where}: default: "${manifest.default}" is not one of the listed models (${[...ids].join(", ") || "none"})`);
  }
  return manifest;
}

/** Reads and checks a manifest file. */
export async function readManifest(path: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read the model manifest ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  return parseManifest(data, path);
}

/** Absolute path of an entry's GGUF file. */
export function modelFilePath(manifestPath: string, entry: ManifestEntry): string {
  return join(dirname(manifestPath), entry.file);
}

/** Adds an entry, or replaces the one with the same id, and rewrites the file atomically. */
export async function upsertManifestEntry(path: string, entry: ManifestEntry): Promise<Manifest> {
  const manifest = await readManifest(path);
  const models = manifest.models.filter((m) => m.id !== entry.id);
  const at = manifest.models.findIndex((m) => m.id === entry.id);
  models.splice(at === -1 ? models.length : at, 0, entry);
  const next = parseManifest({ ...manifest, models }, path);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`);
  await rename(temporary, path);
  return next;
}
