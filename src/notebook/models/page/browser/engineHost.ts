/**
 * The page's side of the browser engine: takes typed chat requests from
 * the kernel (and from any later kernel after a restart), one at a time — a
 * request that has to wait is told so — makes sure the chosen catalogue
 * model is in this browser (downloading it without asking only when it is
 * small; a larger one waits for the reader's consent, asked in the cell
 * with its size, host, licence and whether it is likely to fit), loads it
 * once, and sends the answer back as typed replies: its pieces with their
 * tokens' probabilities when asked, then its end with the token counts.
 * Cancelling a request (Stop, or the cell no longer reading) ends its
 * generation at once, whatever it is waiting for.
 *
 * Probabilities: wllama runs llama.cpp's own server code, which reports,
 * unless asked for `post_sampling_probs`, the softmax of the model's raw
 * logits over the whole vocabulary (before temperature, top-p or any other
 * sampler): the model's own distribution, as the site's server reports it.
 *
 * @example
 * const cancel = answer({ model: "", messages }, (reply) => port.postMessage({ type: "engine", request, reply }));
 */
import { modelPageData, type PageBrowserModel } from "../pageData.ts";
import { modelFileUrl } from "../../shared/browser/modelUrl.ts";
import { namesBrowserModel } from "../../shared/browser/sameModel.ts";
import type { ChatCompletionChunk, ChatCompletionLogprob, ChatCompletionLogprobsContent, ChatCompletionParams } from "@wllama/wllama";
import type { ConsentRequest, EngineAsk, EngineFailure, EngineProblemCode, EngineReply, EngineUsage, TokenChoice, TokenLogprob } from "../../shared/browser/engineMessages.ts";
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

/** The problem for whatever went wrong. */
export function engineProblem(error: unknown, model?: PageBrowserModel): EngineFailure {
  const about = model ? { model: model.id } : {};
  // A known problem is said in full in the reader's language; only an unexpected failure carries the engine's own words.
  if (error instanceof StoreError) return { code: STORE_CODES[error.code] ?? "browserFailed", ...about };
  if ((error as { name?: string } | null)?.name === "QuotaExceededError") return { code: "browserQuota", ...about };
  return { code: "browserFailed", detail: error instanceof Error ? error.message : String(error), ...about };
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

/** JSON has no −∞: a log probability is never reported below this (as by the site's server). */
const LOWEST_LOGPROB = -9999;

function tokenChoice(raw: ChatCompletionLogprob): TokenChoice {
  const logprob = typeof raw.logprob === "number" && !Number.isNaN(raw.logprob) ? Math.max(raw.logprob, LOWEST_LOGPROB) : LOWEST_LOGPROB;
  return { token: typeof raw.token === "string" ? raw.token : "", logprob, bytes: Array.isArray(raw.bytes) ? raw.bytes : null };
}

/** wllama's entries for the tokens of one chunk, each with its `top` most likely alternatives. */
function tokenEntries(raw: ChatCompletionLogprobsContent[] | null | undefined, top: number): TokenLogprob[] {
  return (raw ?? []).map((entry) => ({ ...tokenChoice(entry), top_logprobs: (entry.top_logprobs ?? []).slice(0, top).map(tokenChoice) }));
}

/** The request as wllama's OpenAI-compatible chat takes it. llama.cpp reports nothing with 0 alternatives, so at least 1 is asked for (and left out). */
function chatRequest(ask: EngineAsk): ChatCompletionParams {
  const { model: _model, requested: _requested, top_logprobs: top, ...rest } = ask;
  return { ...rest, ...(top !== undefined ? { logprobs: true, top_logprobs: Math.max(1, top) } : {}) };
}

function usageOf(chunk: ChatCompletionChunk): EngineUsage | undefined {
  if (chunk.usage) return { prompt_tokens: chunk.usage.prompt_tokens, completion_tokens: chunk.usage.completion_tokens, total_tokens: chunk.usage.total_tokens };
  const t = chunk.timings;
  return t ? { prompt_tokens: t.prompt_n + t.cache_n, completion_tokens: t.predicted_n, total_tokens: t.prompt_n + t.cache_n + t.predicted_n } : undefined;
}

async function serve(ask: EngineAsk, reply: (reply: EngineReply) => void, signal: AbortSignal): Promise<void> {
  const report = (report: Extract<EngineReply, { type: "report" }>["report"]) => reply({ type: "report", report });
  const model = chosenModel(ask.model);
  if (!model) return reply({ type: "error", code: "browserUnknownModel", model: ask.model });
  isolateNextPages();
  const engine = await import("./engine.ts");
  const unsupported = engine.engineUnsupported();
  if (unsupported) return reply({ type: "error", code: unsupported === "simd" ? "browserNoSimd" : "browserUnsupported" });
  try {
    if (engine.loadedModel() !== model.id) {
      let found = await storedModel(model);
      if (!found && (model.bytes ?? model.approxBytes) > CONSENT_BYTES) {
        report({ type: "consent", ...(await consentRequest(model)) });
        await agreed(model.id, signal);
      }
      found ??= await modelFile(model, throttled((p) => report({ type: "download", ...p })), signal);
      if (signal.aborted) return;
      report({ type: "loading", model: model.id, kept: found.kept });
      await engine.loadEngine(model.id, found.file, model.contextSize);
    }
    if (signal.aborted) return;
    // A cell that asks for this very model (by its hub name) is not told it got another one.
    const other = ask.requested !== undefined && !namesBrowserModel(model, ask.requested) ? ask.requested : undefined;
    report({ type: "start", served: model.id, ...(other ? { requested: other } : {}), demo: model.demo });
    let usage: EngineUsage | undefined;
    let finish: "stop" | "length" = "stop";
    for await (const chunk of engine.chatStream(chatRequest(ask), signal)) {
      usage = usageOf(chunk) ?? usage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const text = typeof choice.delta?.content === "string" ? choice.delta.content : "";
      const logprobs = ask.top_logprobs !== undefined ? tokenEntries(choice.logprobs?.content, ask.top_logprobs) : undefined;
      if (text !== "" || (logprobs && logprobs.length > 0)) reply({ type: "chunk", text, ...(logprobs ? { logprobs } : {}) });
      if (choice.finish_reason) finish = choice.finish_reason === "length" ? "length" : "stop";
    }
    if (!signal.aborted) reply({ type: "done", finish, ...(usage ? { usage } : {}) });
  } catch (error) {
    if (!signal.aborted) reply({ type: "error", ...engineProblem(error, model) });
  }
}

/** Answers one request (after those before it); returns a function that cancels it. */
export function answer(ask: EngineAsk, reply: (reply: EngineReply) => void): () => void {
  const controller = new AbortController();
  if (busy > 0) reply({ type: "report", report: { type: "waiting" } });
  busy++;
  const run = queue.then(() => (controller.signal.aborted ? undefined : serve(ask, reply, controller.signal)));
  queue = run.catch(() => undefined).finally(() => busy--);
  return () => controller.abort();
}
