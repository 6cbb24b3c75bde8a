/**
 * What the kernel and the page say to each other about the browser engine
 * (it lives in the page, so a kernel restart does not reload the model).
 * The kernel sends a chat request and may cancel it; the page answers with
 * events: waiting its turn, asking the reader's consent to a large download
 * (in the cell), download progress, loading, then the answer's head, its
 * chunks and its end with the token counts — or one error with a problem code.
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

/** What the reader is asked before a large download: what, how big, from where, under which licence, and whether it is likely to fit. */
export interface ConsentRequest {
  model: string;
  label: string;
  bytes: number;
  host: string;
  license: string;
  /** From the device memory and storage estimate, where the browser gives them. */
  fit: { memory?: number; freeStorage?: number; likely: boolean | undefined };
}

/** Token counts of one answer, as an OpenAI-compatible server reports them. */
export interface EngineUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export type EngineEvent =
  | { type: "waiting" }
  | ({ type: "consent" } & ConsentRequest)
  | { type: "download"; loaded: number; total: number; secondsLeft?: number }
  /** `kept: false`: the browser did not keep the file, so it runs from memory for this visit only. */
  | { type: "loading"; model: string; kept: boolean }
  | { type: "head"; served: string; requested?: string; demo: boolean }
  | { type: "chunk"; chunk: unknown }
  | { type: "end"; usage?: EngineUsage }
  | { type: "error"; code: EngineProblemCode; detail?: string; model?: string; bytes?: number };
