/**
 * What the kernel and the page say to each other about the browser engine
 * (it lives in the page, so a kernel restart does not reload the model).
 * The kernel sends a chat request and may cancel it; the page answers with
 * events: waiting its turn, download progress, loading, then the answer's
 * head, its chunks and its end — or one error with a problem code.
 *
 * @example
 * port.postMessage({ type: "engine", request: 1, event: { type: "chunk", chunk } });
 */

export type EngineProblemCode =
  | "browserConsent"
  | "browserNotFound"
  | "browserNetwork"
  | "browserTruncated"
  | "browserCorrupt"
  | "browserQuota"
  | "browserStorage"
  | "browserNoSimd"
  | "browserUnsupported"
  | "browserUnknownModel"
  | "browserFailed";

/** A chat request for the engine: the catalogue model chosen in the settings (empty: the default) and the client's JSON body. */
export interface EngineRequest {
  model: string;
  body: Record<string, unknown>;
}

export type EngineEvent =
  | { type: "waiting" }
  | { type: "download"; loaded: number; total: number; secondsLeft?: number }
  | { type: "loading"; model: string }
  | { type: "head"; served: string; requested?: string; demo: boolean }
  | { type: "chunk"; chunk: unknown }
  | { type: "end" }
  | { type: "error"; code: EngineProblemCode; detail?: string; model?: string; bytes?: number };
