/**
 * Model files kept in the reader's browser (Cache Storage): downloaded
 * with progress (bytes and time left), checked before they are kept —
 * size, then sha256 with WebCrypto — so a truncated or corrupt file is
 * never stored, and read back with no network on the next visit. A broken
 * download keeps nothing and restarts cleanly on the next attempt.
 *
 * Expected size and sha256 come from the catalogue; for a hub file the
 * catalogue does not pin, from the hub's own record of it (the tree API
 * gives the LFS size and sha256, as `x-linked-size`/`x-linked-etag` do for
 * `model:pull`).
 *
 * @example
 * const blob = (await storedModel(model)) ?? (await downloadModel(model, url, { onProgress: (p) => bar(p) }));
 */
import type { PageBrowserModel } from "../pageData.ts";

export const MODEL_CACHE = "carnet-browser-models-v1";

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

const cacheKey = (model: Pick<PageBrowserModel, "id">) => `/carnet-browser-models/${encodeURIComponent(model.id)}.gguf`;

async function openCache(): Promise<Cache> {
  if (typeof caches === "undefined") throw new StoreError("noStorage", "Cache Storage is not available on this page");
  try {
    return await caches.open(MODEL_CACHE);
  } catch (error) {
    throw new StoreError("noStorage", (error as Error).message);
  }
}

/** The stored file of a model, or undefined when it is not in this browser. */
export async function storedModel(model: Pick<PageBrowserModel, "id">): Promise<Blob | undefined> {
  const cache = await openCache();
  const response = await cache.match(cacheKey(model));
  return response ? response.blob() : undefined;
}

/** Ids and sizes of the models kept in this browser. */
export async function storedModels(): Promise<Map<string, number>> {
  const cache = await openCache();
  const found = new Map<string, number>();
  for (const request of await cache.keys()) {
    const id = decodeURIComponent(new URL(request.url).pathname.split("/").at(-1)!.replace(/\.gguf$/, ""));
    const response = await cache.match(request);
    found.set(id, Number(response?.headers.get("content-length") ?? 0));
  }
  return found;
}

export async function deleteModel(model: Pick<PageBrowserModel, "id">): Promise<boolean> {
  return (await openCache()).delete(cacheKey(model));
}

/** The size and sha256 a file must have: the catalogue's, else the hub's record (tree API). */
export async function expectedFile(model: PageBrowserModel, fetchFn: typeof fetch = fetch): Promise<{ bytes?: number; sha256?: string }> {
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

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Checks `bytes` against what is expected; throws `truncated` or `corrupt`. */
export async function checkFile(bytes: Uint8Array, expected: { bytes?: number; sha256?: string }, name: string): Promise<void> {
  if (expected.bytes !== undefined && bytes.byteLength !== expected.bytes) {
    throw new StoreError(bytes.byteLength < expected.bytes ? "truncated" : "corrupt", `${name}: ${bytes.byteLength} bytes received, ${expected.bytes} expected`);
  }
  if (expected.sha256) {
    const digest = hex(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
    if (digest !== expected.sha256) throw new StoreError("corrupt", `${name}: sha256 ${digest}, ${expected.sha256} expected`);
  }
}

function isQuotaError(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === "QuotaExceededError";
}

/** Downloads, checks and keeps a model's file; resolves with it. Nothing is kept unless every check passed. */
export async function downloadModel(
  model: PageBrowserModel,
  url: string,
  options: { onProgress?: (progress: Progress) => void; signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<Blob> {
  const fetchFn = options.fetch ?? fetch;
  const expected = await expectedFile(model, fetchFn);
  if (!expected.sha256 && !expected.bytes) throw new StoreError("corrupt", `${model.id}: no size or sha256 to check the file against`);
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  const need = expected.bytes ?? model.approxBytes;
  if (estimate?.quota !== undefined && estimate.usage !== undefined && estimate.quota - estimate.usage < need) {
    throw new StoreError("quota", `${need} bytes needed, ${estimate.quota - estimate.usage} free for this site`);
  }
  void navigator.storage?.persist?.().catch(() => false);

  let response: Response;
  try {
    response = await fetchFn(url, { cache: "no-store", ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    if ((error as { name?: string }).name === "AbortError") throw error;
    throw new StoreError("network", `${url}: ${(error as Error).message}`);
  }
  if (response.status === 404 || response.status === 410) throw new StoreError("notFound", `${url} answered ${response.status}`);
  if (!response.ok || !response.body) throw new StoreError("network", `${url} answered ${response.status}`);
  const total = expected.bytes ?? (Number(response.headers.get("content-length")) || model.approxBytes);
  const parts: Uint8Array[] = [];
  let loaded = 0;
  const started = performance.now();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      loaded += value.byteLength;
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0.5 ? loaded / seconds : 0;
      options.onProgress?.({ loaded, total, ...(rate > 0 ? { secondsLeft: Math.max(0, Math.round((total - loaded) / rate)) } : {}) });
    }
  } catch (error) {
    if ((error as { name?: string }).name === "AbortError") throw error;
    throw new StoreError("truncated", `${url}: the download broke after ${loaded} bytes (${(error as Error).message})`);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  parts.length = 0;
  await checkFile(bytes, expected, model.id);
  const blob = new Blob([bytes], { type: "application/octet-stream" });
  try {
    const cache = await openCache();
    await cache.put(cacheKey(model), new Response(blob, { headers: { "content-type": "application/octet-stream", "content-length": String(blob.size) } }));
  } catch (error) {
    if (isQuotaError(error)) throw new StoreError("quota", (error as Error).message);
    throw error instanceof StoreError ? error : new StoreError("noStorage", (error as Error).message);
  }
  return blob;
}
