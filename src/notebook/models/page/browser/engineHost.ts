/**
 * The page's side of the browser engine: takes chat requests from the
 * kernel (and from any later kernel after a restart), one at a time — a
 * request that has to wait is told so — makes sure the chosen catalogue
 * model is in this browser (downloading it without asking only when it is
 * small; a larger one waits for the reader's consent, asked in the cell
 * with its size, host, licence and whether it is likely to fit), loads it
 * once, and streams the answer back with its token counts. Cancelling a
 * request (Stop, or the cell no longer reading) ends its generation at once.
 *
 * @example
 * const cancel = answer({ model: "", body }, (event) => port.postMessage({ type: "engine", request, event }));
 */
import { modelPageData, type PageBrowserModel } from "../pageData.ts";
import { modelFileUrl } from "../../shared/browser/modelUrl.ts";
import type { ConsentRequest, EngineEvent, EngineProblemCode, EngineRequest, EngineUsage } from "../../shared/browser/engineMessages.ts";
import { downloadModel, StoreError, storedModel, type ModelFile, type Progress } from "./modelStore.ts";

/** Files up to this size download without asking (the site's tiny model); larger ones need consent. */
export const CONSENT_BYTES = 5 * 1024 * 1024;

let queue: Promise<unknown> = Promise.resolve();
let busy = 0;

const STORE_CODES: Record<string, EngineProblemCode> = {
  notFound: "browserNotFound",
  network: "browserNetwork",
  truncated: "browserTruncated",
  corrupt: "browserCorrupt",
  quota: "browserQuota",
  noStorage: "browserStorage",
};

/** A problem event for whatever went wrong. */
export function engineProblem(error: unknown, model?: PageBrowserModel): Extract<EngineEvent, { type: "error" }> {
  const about = model ? { model: model.id } : {};
  // A known problem is said in full in the reader's language; only an unexpected failure carries the engine's own words.
  if (error instanceof StoreError) return { type: "error", code: STORE_CODES[error.code] ?? "browserFailed", ...about };
  if ((error as { name?: string } | null)?.name === "QuotaExceededError") return { type: "error", code: "browserQuota", ...about };
  return { type: "error", code: "browserFailed", detail: error instanceof Error ? error.message : String(error), ...about };
}

/** The catalogue model a request names (empty: the catalogue's default). */
function chosenModel(id: string): PageBrowserModel | undefined {
  const { browser } = modelPageData();
  return browser.models.find((m) => m.id === (id || browser.default));
}

/** The model's file from this browser, or downloaded now (reporting progress). */
export async function modelFile(model: PageBrowserModel, onProgress: (progress: Progress) => void, signal?: AbortSignal): Promise<ModelFile> {
  const stored = await storedModel(model);
  if (stored) return stored;
  return downloadModel(model, new URL(modelFileUrl(model, modelPageData().base), location.href).href, { onProgress, ...(signal ? { signal } : {}) });
}

/** Progress at most every `PROGRESS_MS`, and the last one always: the reader sees it move, the kernel is not flooded. */
const PROGRESS_MS = 250;
function throttled(report: (progress: Progress) => void): (progress: Progress) => void {
  let last = 0;
  return (progress) => {
    const time = performance.now();
    if (time - last < PROGRESS_MS && progress.loaded < progress.total) return;
    last = time;
    report(progress);
  };
}

/** What to ask before downloading `model`: its size, host and licence, and whether it is likely to fit here. */
async function consentRequest(model: PageBrowserModel): Promise<ConsentRequest> {
  const bytes = model.bytes ?? model.approxBytes;
  const url = modelFileUrl(model, modelPageData().base);
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  const freeStorage = estimate?.quota !== undefined && estimate.usage !== undefined ? estimate.quota - estimate.usage : undefined;
  const gigabytes = (navigator as { deviceMemory?: number }).deviceMemory;
  const memory = gigabytes !== undefined ? gigabytes * 1024 ** 3 : undefined;
  // The engine holds the weights once in memory, plus its context: about 1.5 × the file.
  const checks = [memory !== undefined ? memory >= bytes * 1.5 : undefined, freeStorage !== undefined ? freeStorage >= bytes : undefined].filter((c) => c !== undefined);
  const likely = checks.length === 0 ? undefined : checks.every(Boolean);
  return {
    model: model.id,
    label: model.label,
    bytes,
    host: new URL(url, location.href).host,
    license: model.license,
    fit: { ...(memory !== undefined ? { memory } : {}), ...(freeStorage !== undefined ? { freeStorage } : {}), likely },
  };
}

/** Readers' answers to consent asked in cells, by model id. */
const consentWaiters = new Map<string, Set<() => void>>();

/** The reader agreed, in a cell, to download `modelId`: every request waiting for it goes on. */
export function agree(modelId: string): void {
  for (const go of consentWaiters.get(modelId) ?? []) go();
  consentWaiters.delete(modelId);
}

/** Resolves when the reader agrees to `modelId`'s download; rejects when `signal` aborts. */
function agreed(modelId: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const waiters = consentWaiters.get(modelId) ?? new Set();
    consentWaiters.set(modelId, waiters);
    const go = () => resolve();
    waiters.add(go);
    signal.addEventListener("abort", () => {
      waiters.delete(go);
      reject(signal.reason);
    }, { once: true });
  });
}

/**
 * Where the host sends no COOP/COEP headers (a static host), registers the
 * site's isolation service worker (`/isolation.js`, within the site's base):
 * pages opened from then on are cross-origin isolated, so the engine runs
 * on several threads. This page stays as it is (no reload); where service
 * workers are off, nothing changes.
 */
function isolateNextPages(): void {
  if (globalThis.crossOriginIsolated || !globalThis.isSecureContext || !("serviceWorker" in navigator)) return;
  const base = modelPageData().base.replace(/\/?$/, "/");
  navigator.serviceWorker.register(`${base}isolation.js`, { scope: base }).catch(() => undefined);
}

async function serve(request: EngineRequest, reply: (event: EngineEvent) => void, signal: AbortSignal): Promise<void> {
  const model = chosenModel(request.model);
  if (!model) return reply({ type: "error", code: "browserUnknownModel", model: request.model });
  isolateNextPages();
  const engine = await import("./engine.ts");
  const unsupported = engine.engineUnsupported();
  if (unsupported) return reply({ type: "error", code: unsupported === "simd" ? "browserNoSimd" : "browserUnsupported" });
  try {
    if (engine.loadedModel() !== model.id) {
      let found = await storedModel(model);
      if (!found && (model.bytes ?? model.approxBytes) > CONSENT_BYTES) {
        reply({ type: "consent", ...(await consentRequest(model)) });
        await agreed(model.id, signal);
      }
      found ??= await modelFile(model, throttled((p) => reply({ type: "download", ...p })), signal);
      if (signal.aborted) return;
      reply({ type: "loading", model: model.id, kept: found.kept });
      await engine.loadEngine(model.id, found.file, model.contextSize);
    }
    if (signal.aborted) return;
    const body = request.body;
    const requested = typeof body.model === "string" && body.model ? body.model : undefined;
    reply({ type: "head", served: model.id, ...(requested ? { requested } : {}), demo: model.demo });
    const chat = {
      messages: Array.isArray(body.messages) ? (body.messages as { role: "user"; content: string }[]) : [],
      ...(typeof body.max_tokens === "number" ? { max_tokens: body.max_tokens } : {}),
      ...(typeof body.temperature === "number" ? { temperature: body.temperature } : {}),
      ...(typeof body.top_p === "number" ? { top_p: body.top_p } : {}),
      ...(typeof body.seed === "number" ? { seed: body.seed } : {}),
    };
    let usage: EngineUsage | undefined;
    for await (const { usage: counted, timings, ...chunk } of engine.chatStream(chat, signal)) {
      if (counted) usage = counted;
      else if (timings) usage = { prompt_tokens: timings.prompt_n + timings.cache_n, completion_tokens: timings.predicted_n, total_tokens: timings.prompt_n + timings.cache_n + timings.predicted_n };
      if ((chunk.choices?.length ?? 0) > 0) reply({ type: "chunk", chunk: { ...chunk, model: model.id } });
    }
    if (!signal.aborted) reply({ type: "end", ...(usage ? { usage } : {}) });
  } catch (error) {
    if (!signal.aborted) reply(engineProblem(error, model));
  }
}

/** Answers one request (after those before it); returns a function that cancels it. */
export function answer(request: EngineRequest, reply: (event: EngineEvent) => void): () => void {
  const controller = new AbortController();
  if (busy > 0) reply({ type: "waiting" });
  busy++;
  const run = queue.then(() => (controller.signal.aborted ? undefined : serve(request, reply, controller.signal)));
  queue = run.catch(() => undefined).finally(() => busy--);
  return () => controller.abort();
}
