/**
 * The page's one llama.cpp engine (`@wllama/wllama`, WebAssembly, running
 * in its own worker): loads a checked model file, keeps it loaded for every
 * cell and across kernel restarts, and streams wllama's OpenAI-shaped chat
 * chunks (llama.cpp's server code, compiled in; token probabilities when
 * asked).
 * Multi-threaded when the page is cross-origin isolated, single-threaded
 * otherwise; WebGPU when the browser has it. Its wasm is served by the site
 * (a Vite asset), never fetched from elsewhere. Loaded only on demand.
 *
 * @example
 * await loadEngine("carnet-tiny-demo", blob, 2048);
 * for await (const chunk of chatStream({ messages, max_tokens: 64 }, signal)) …
 */
import { Wllama, type ChatCompletionChunk, type ChatCompletionParams } from "@wllama/wllama";
import wasmUrl from "@wllama/wllama/esm/wasm/wllama.wasm?url";

/** Why this browser cannot run the engine, or undefined when it can. */
export function engineUnsupported(): "simd" | "features" | undefined {
  // A module whose one function uses a SIMD instruction (i8x16.splat): valid only where wasm SIMD exists.
  const simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11]);
  if (typeof WebAssembly !== "object" || !WebAssembly.validate(simd)) return "simd";
  // The build served here needs JS promise integration and 64-bit memory (the compat build would come from a CDN).
  if (!("Suspending" in WebAssembly)) return "features";
  try {
    new WebAssembly.Memory({ address: "i64", initial: 1n } as unknown as WebAssembly.MemoryDescriptor);
  } catch {
    return "features";
  }
  return undefined;
}

let engine: Wllama | undefined;
let loaded: string | undefined;

const quiet = { debug: () => {}, log: () => {}, warn: () => {}, error: (...args: unknown[]) => console.error(...args) };

/**
 * Threads to use: several only where shared memory is allowed (COOP/COEP),
 * leaving one core to the page and the kernel — llama.cpp's threads wait
 * for each other by spinning, so one more thread than free cores slows
 * every token down.
 */
function engineThreads(): number {
  if (!globalThis.crossOriginIsolated) return 1;
  // A benchmark (or a curious reader) may ask for another count.
  const asked = Number(globalThis.localStorage?.getItem("carnet:engine-threads"));
  if (Number.isInteger(asked) && asked >= 1 && asked <= 16) return asked;
  return Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 1) - 1));
}

/** The id of the loaded model, if any. */
export function loadedModel(): string | undefined {
  return loaded;
}

/** Loads a model (the one already loaded is kept). */
export async function loadEngine(id: string, file: Blob, contextSize: number): Promise<void> {
  if (loaded === id && engine) return;
  if (engine) await engine.exit();
  loaded = undefined;
  engine = new Wllama({ default: wasmUrl }, { suppressNativeLog: true, logger: quiet as unknown as Console });
  engine.setCompat(null);
  try {
    await engine.loadModel([file], { n_ctx: Math.min(contextSize, 4096), n_threads: engineThreads(), n_parallel: 1 });
  } catch (error) {
    await engine.exit().catch(() => undefined);
    engine = undefined;
    throw error;
  }
  loaded = id;
}

/** Streams the answer of the loaded model, its token counts in the last chunk (`usage`); ends at once when `signal` aborts. */
export async function* chatStream(request: ChatCompletionParams, signal: AbortSignal): AsyncGenerator<ChatCompletionChunk> {
  if (!engine || !loaded) throw new Error("no model is loaded");
  const stream = await engine.createChatCompletion({ ...request, stream: true, stream_options: { include_usage: true }, abortSignal: signal } as ChatCompletionParams & { stream: true });
  try {
    // Read to the end: on abort the library's own iterator ends with its abort error, caught here.
    for await (const chunk of stream) if (!signal.aborted) yield chunk;
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
