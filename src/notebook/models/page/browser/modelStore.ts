/**
 * Model files kept in the reader's browser (Cache Storage), in pieces of
 * `PIECE_BYTES`: each piece is stored as it arrives, with the running
 * SHA-256 state (`hash-wasm`, hashed while downloading, never over the
 * whole file at once), so a broken download resumes from the last stored
 * piece with a Range request. The file is checked — size, then sha256 —
 * before it is marked complete; a corrupt one is deleted. Read back as one
 * Blob made of the stored pieces (no copy in memory).
 *
 * When the browser will not keep the file (a private window, no quota,
 * storage turned off), the pieces stay in memory and the model runs for
 * this visit: `kept: false` says it will download again next time. A
 * complete, checked download never fails for lack of storage.
 *
 * Expected size and sha256 come from the catalogue; for a hub file the
 * catalogue does not pin, from the hub's own record of it (the tree API
 * gives the LFS size and sha256, as `x-linked-size`/`x-linked-etag` do for
 * `model:pull`).
 *
 * @example
 * const { file, kept } = (await storedModel(model)) ?? (await downloadModel(model, url, { onProgress: (p) => bar(p) }));
 */
import { createSHA256 } from "hash-wasm";
import type { PageBrowserModel } from "../pageData.ts";

const MODEL_CACHE = "carnet-browser-models-v1";

/** Size of one stored piece: small enough for any one Cache entry, large enough to keep the entries few. */
const PIECE_BYTES = 32 * 1024 * 1024;

export type StoreProblem = "notFound" | "network" | "truncated" | "corrupt" | "quota" | "noStorage";

/** A failed download or check, with the code the page explains. */
export class StoreError extends Error {
  readonly code: StoreProblem;
  constructor(code: StoreProblem, message: string) {
    super(message);
    this.name = "StoreError";
    this.code = code;
  }
}

export interface Progress {
  loaded: number;
  total: number;
  /** Seconds left at the speed so far, once it can be told. */
  secondsLeft?: number;
}

/** A model's file, and whether this browser keeps it for the next visit. */
export interface ModelFile {
  file: Blob;
  kept: boolean;
}

/** What is stored of a model besides its pieces. */
interface Manifest {
  bytes: number;
  sha256?: string;
  /** Pieces stored so far, each `PIECE_BYTES` long but perhaps the last. */
  pieces: number;
  /** Bytes in the stored pieces. */
  loaded: number;
  /** The SHA-256 state after the stored pieces (hex), to resume hashing. */
  hashState: string;
  complete: boolean;
}

const ROOT = "/carnet-browser-models/";
const manifestKey = (model: Pick<PageBrowserModel, "id">) => `${ROOT}${encodeURIComponent(model.id)}.json`;
const pieceKey = (model: Pick<PageBrowserModel, "id">, index: number) => `${ROOT}${encodeURIComponent(model.id)}/${index}`;
/** Where a whole file was kept before files were stored in pieces (still read). */
const wholeKey = (model: Pick<PageBrowserModel, "id">) => `${ROOT}${encodeURIComponent(model.id)}.gguf`;

async function openCache(): Promise<Cache> {
  if (typeof caches === "undefined") throw new StoreError("noStorage", "Cache Storage is not available on this page");
  try {
    return await caches.open(MODEL_CACHE);
  } catch (error) {
    throw new StoreError("noStorage", (error as Error).message);
  }
}

async function readManifest(cache: Cache, model: Pick<PageBrowserModel, "id">): Promise<Manifest | undefined> {
  const response = await cache.match(manifestKey(model));
  if (!response) return undefined;
  try {
    return (await response.json()) as Manifest;
  } catch {
    return undefined;
  }
}

const json = (value: unknown) => new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });

/** The stored file of a model, or undefined when it is not (wholly) in this browser. */
export async function storedModel(model: Pick<PageBrowserModel, "id">): Promise<ModelFile | undefined> {
  let cache: Cache;
  try {
    cache = await openCache();
  } catch {
    return undefined;
  }
  const manifest = await readManifest(cache, model);
  if (manifest?.complete) {
    const parts: Blob[] = [];
    for (let i = 0; i < manifest.pieces; i++) {
      const piece = await cache.match(pieceKey(model, i));
      if (!piece) return undefined;
      parts.push(await piece.blob());
    }
    const file = new Blob(parts, { type: "application/octet-stream" });
    return file.size === manifest.bytes ? { file, kept: true } : undefined;
  }
  const whole = await cache.match(wholeKey(model));
  return whole ? { file: await whole.blob(), kept: true } : undefined;
}

/** Ids and sizes of the models kept whole in this browser. */
export async function storedModels(): Promise<Map<string, number>> {
  const cache = await openCache();
  const found = new Map<string, number>();
  for (const request of await cache.keys()) {
    const name = new URL(request.url).pathname.slice(ROOT.length);
    if (name.includes("/")) continue;
    const response = await cache.match(request);
    if (name.endsWith(".json")) {
      const manifest = (await response?.json().catch(() => undefined)) as Manifest | undefined;
      if (manifest?.complete) found.set(decodeURIComponent(name.slice(0, -5)), manifest.bytes);
    } else if (name.endsWith(".gguf")) {
      found.set(decodeURIComponent(name.slice(0, -5)), Number(response?.headers.get("content-length") ?? 0));
    }
  }
  return found;
}

/** Deletes a model's file, its pieces and any partial download. */
export async function deleteModel(model: Pick<PageBrowserModel, "id">): Promise<boolean> {
  const cache = await openCache();
  const prefix = `${ROOT}${encodeURIComponent(model.id)}/`;
  let deleted = false;
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith(prefix) || path === manifestKey(model) || path === wholeKey(model)) deleted = (await cache.delete(request)) || deleted;
  }
  return deleted;
}

/** The size and sha256 a file must have: the catalogue's, else the hub's record (tree API). */
async function expectedFile(model: PageBrowserModel, fetchFn: typeof fetch = fetch): Promise<{ bytes?: number; sha256?: string }> {
  if (model.sha256 && model.bytes) return { bytes: model.bytes, sha256: model.sha256 };
  if (!model.hub) return { ...(model.bytes ? { bytes: model.bytes } : {}), ...(model.sha256 ? { sha256: model.sha256 } : {}) };
  const origin = new URL(model.url).origin;
  const folder = model.hub.file.includes("/") ? model.hub.file.slice(0, model.hub.file.lastIndexOf("/")) : "";
  const url = `${origin}/api/models/${model.hub.repo}/tree/${encodeURIComponent(model.hub.revision)}${folder ? `/${folder}` : ""}`;
  let entries: { path?: unknown; size?: unknown; lfs?: { oid?: unknown; size?: unknown } }[];
  try {
    const response = await fetchFn(url, { signal: AbortSignal.timeout(15_000) });
    if (response.status === 404) throw new StoreError("notFound", `${model.hub.repo} at ${model.hub.revision} was not found on the hub`);
    if (!response.ok) throw new StoreError("network", `the hub answered ${response.status} for ${url}`);
    entries = (await response.json()) as typeof entries;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError("network", `cannot read the hub's record of ${model.hub.file}: ${(error as Error).message}`);
  }
  const entry = Array.isArray(entries) ? entries.find((e) => e.path === model.hub!.file) : undefined;
  if (!entry) throw new StoreError("notFound", `${model.hub.file} is not in ${model.hub.repo} at ${model.hub.revision}`);
  const bytes = model.bytes ?? (typeof entry.lfs?.size === "number" ? entry.lfs.size : typeof entry.size === "number" ? entry.size : undefined);
  const sha256 = model.sha256 ?? (typeof entry.lfs?.oid === "string" && /^[0-9a-f]{64}$/.test(entry.lfs.oid) ? entry.lfs.oid : undefined);
  return { ...(bytes ? { bytes } : {}), ...(sha256 ? { sha256 } : {}) };
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));

/**
 * Where the pieces go: the browser's Cache while it accepts them, then
 * memory (for this visit) from the first piece it refuses.
 */
class PieceSink {
  /** Every piece of this download: read back from the Cache (kept on disk), or held in memory. */
  readonly parts: Blob[] = [];
  private cache: Cache | undefined;
  private readonly model: PageBrowserModel;

  constructor(model: PageBrowserModel, cache: Cache | undefined) {
    this.model = model;
    this.cache = cache;
  }

  get keeping(): boolean {
    return this.cache !== undefined;
  }

  /** Stores piece `index` and the manifest after it; falls back to memory when the browser refuses. */
  async put(index: number, piece: Uint8Array, manifest: Manifest): Promise<void> {
    if (this.cache) {
      try {
        await this.cache.put(pieceKey(this.model, index), new Response(piece as Uint8Array<ArrayBuffer>, { headers: { "content-type": "application/octet-stream" } }));
        await this.cache.put(manifestKey(this.model), json(manifest));
        const kept = await this.cache.match(pieceKey(this.model, index));
        if (kept) {
          this.parts.push(await kept.blob());
          return;
        }
      } catch {
        // Refused (no quota, private window): this piece and the rest stay in memory.
      }
      this.cache = undefined;
    }
    this.parts.push(new Blob([piece as Uint8Array<ArrayBuffer>]));
  }

  async complete(manifest: Manifest): Promise<void> {
    if (!this.cache) return;
    try {
      await this.cache.put(manifestKey(this.model), json(manifest));
    } catch {
      this.cache = undefined;
    }
  }
}

/**
 * Downloads, checks and keeps a model's file, resuming a download an
 * earlier attempt left halfway; resolves with the file and whether it is
 * kept. Throws `StoreError` (notFound, network, truncated, corrupt) or the
 * signal's AbortError; what was stored stays for the next attempt.
 */
export async function downloadModel(
  model: PageBrowserModel,
  url: string,
  options: { onProgress?: (progress: Progress) => void; signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<ModelFile> {
  const fetchFn = options.fetch ?? fetch;
  const expected = await expectedFile(model, fetchFn);
  if (!expected.sha256 && !expected.bytes) throw new StoreError("corrupt", `${model.id}: no size or sha256 to check the file against`);
  const need = expected.bytes ?? model.approxBytes;

  let cache = await openCache().catch(() => undefined);
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  if (cache && estimate?.quota !== undefined && estimate.usage !== undefined && estimate.quota - estimate.usage < need) cache = undefined;
  if (cache) void navigator.storage?.persist?.().catch(() => false);

  const hasher = await createSHA256();
  hasher.init();
  let manifest: Manifest = { bytes: need, ...(expected.sha256 ? { sha256: expected.sha256 } : {}), pieces: 0, loaded: 0, hashState: toHex(hasher.save()), complete: false };
  const earlier = cache ? await readManifest(cache, model) : undefined;
  if (earlier && !earlier.complete && earlier.bytes === manifest.bytes && earlier.sha256 === manifest.sha256 && earlier.loaded < need) {
    manifest = earlier;
    hasher.load(fromHex(earlier.hashState));
  } else if (earlier && cache) {
    await deleteModel(model).catch(() => false);
  }
  const sink = new PieceSink(model, cache);
  const stored: Blob[] = [];
  if (cache) for (let i = 0; i < manifest.pieces; i++) stored.push(await (await cache.match(pieceKey(model, i)))!.blob());

  let response: Response;
  const headers: Record<string, string> = manifest.loaded > 0 ? { range: `bytes=${manifest.loaded}-` } : {};
  try {
    response = await fetchFn(url, { cache: "no-store", headers, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    if ((error as { name?: string }).name === "AbortError") throw error;
    throw new StoreError("network", `${url}: ${(error as Error).message}`);
  }
  if (response.status === 404 || response.status === 410) throw new StoreError("notFound", `${url} answered ${response.status}`);
  if (!response.ok || !response.body) throw new StoreError("network", `${url} answered ${response.status}`);
  if (manifest.loaded > 0 && response.status !== 206) {
    // The server sent the whole file: start over.
    hasher.init();
    stored.length = 0;
    manifest = { ...manifest, pieces: 0, loaded: 0, hashState: toHex(hasher.save()) };
  }

  const total = need;
  const startedAt = performance.now();
  const resumedAt = manifest.loaded;
  let loaded = manifest.loaded;
  let piece = new Uint8Array(Math.min(PIECE_BYTES, total - loaded));
  let filled = 0;
  const flush = async () => {
    const bytes = piece.subarray(0, filled);
    manifest = { ...manifest, pieces: manifest.pieces + 1, loaded: manifest.loaded + filled, hashState: toHex(hasher.save()) };
    await sink.put(manifest.pieces - 1, bytes, manifest);
    piece = new Uint8Array(Math.max(0, Math.min(PIECE_BYTES, total - manifest.loaded)) || PIECE_BYTES);
    filled = 0;
  };
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let offset = 0;
      while (offset < value.byteLength) {
        if (filled === piece.byteLength) await flush();
        const take = Math.min(value.byteLength - offset, piece.byteLength - filled);
        const part = value.subarray(offset, offset + take);
        piece.set(part, filled);
        hasher.update(part);
        filled += take;
        offset += take;
      }
      loaded += value.byteLength;
      const seconds = (performance.now() - startedAt) / 1000;
      const rate = seconds > 0.5 ? (loaded - resumedAt) / seconds : 0;
      options.onProgress?.({ loaded, total, ...(rate > 0 ? { secondsLeft: Math.max(0, Math.round((total - loaded) / rate)) } : {}) });
    }
    if (filled > 0) await flush();
  } catch (error) {
    // What arrived stays for the next attempt, which resumes after it.
    if (filled > 0) await flush().catch(() => undefined);
    if ((error as { name?: string }).name === "AbortError") throw error;
    throw new StoreError("truncated", `${url}: the download broke after ${loaded} bytes (${(error as Error).message}); what arrived is kept and the next attempt resumes`);
  }

  if (expected.bytes !== undefined && loaded !== expected.bytes) {
    if (loaded > expected.bytes) await deleteModel(model).catch(() => false);
    throw new StoreError(loaded < expected.bytes ? "truncated" : "corrupt", `${model.id}: ${loaded} bytes received, ${expected.bytes} expected`);
  }
  const digest = hasher.digest("hex");
  if (expected.sha256 && digest !== expected.sha256) {
    await deleteModel(model).catch(() => false);
    throw new StoreError("corrupt", `${model.id}: sha256 ${digest}, ${expected.sha256} expected`);
  }
  await sink.complete({ ...manifest, bytes: loaded, complete: true });
  return { file: new Blob([...stored, ...sink.parts], { type: "application/octet-stream" }), kept: sink.keeping };
}
