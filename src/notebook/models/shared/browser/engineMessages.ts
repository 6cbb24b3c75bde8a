/**
 * What the kernel and the page say to each other about the browser engine
 * (it lives in the page, so a kernel restart does not reload the model),
 * defined once for both sides. The kernel sends one typed chat request
 * (`EngineAsk`) and may cancel it; the page answers with typed replies:
 * reports on what happens before the answer (waiting its turn, asking the
 * reader's consent to a large download, download progress, loading, then
 * the model that answers), the answer's pieces with their token
 * probabilities when asked, and its end with the token counts — or one
 * error with a problem code. No reply is text to parse.
 *
 * @example
 * port.postMessage({ type: "engine", request: 1, reply: { type: "chunk", text: "Hello", logprobs: [] } });
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
  | "browserRequest"
  | "browserFailed";

/** One message of a chat, as the engine takes it. */
export interface EngineMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** A chat request for the engine, its fields checked by the kernel. */
export interface EngineAsk {
  /** The catalogue model chosen in the settings (empty: the catalogue's default). */
  model: string;
  /** The model the cell asked for, named in the answer's report when another one answers. */
  requested?: string;
  messages: EngineMessage[];
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  seed?: number;
  stop?: string[];
  /** Report each token's probability with this many alternatives (0–20); absent: no probabilities. */
  top_logprobs?: number;
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

/** A token and its log probability, as OpenAI's `logprobs` entries name them; `bytes` are its UTF-8 bytes. */
export interface TokenChoice {
  token: string;
  logprob: number;
  bytes: number[] | null;
}

/** One generated token's entry: its own probability and the most likely tokens at its place, most likely first. */
export interface TokenLogprob extends TokenChoice {
  top_logprobs: TokenChoice[];
}

/** What happens before the answer, for the cell's model line. */
export type EngineReport =
  | { type: "waiting" }
  | ({ type: "consent" } & ConsentRequest)
  | { type: "download"; loaded: number; total: number; secondsLeft?: number }
  /** `kept: false`: the browser did not keep the file, so it runs from memory for this visit only. */
  | { type: "loading"; model: string; kept: boolean }
  /** The answer begins: the catalogue model that gives it (`requested`: what the cell asked for instead). */
  | { type: "start"; served: string; requested?: string; demo: boolean };

/** The engine's problem with a request, with the problem code the page explains. */
export interface EngineFailure {
  code: EngineProblemCode;
  /** An unexpected failure's own words, or the request's field at fault. */
  detail?: string;
  model?: string;
  bytes?: number;
}

/** The page's replies to one request, in order: reports, then chunks, then `done` — or `error` at any point. */
export type EngineReply =
  | { type: "report"; report: EngineReport }
  /** A piece of the answer; `logprobs`: the entries of its tokens, when the request asked for them. */
  | { type: "chunk"; text: string; logprobs?: TokenLogprob[] }
  | { type: "done"; finish: "stop" | "length"; usage?: EngineUsage }
  | ({ type: "error" } & EngineFailure);

/** Kernel → page: a chat request, or the cancelling of one. */
export type EngineRequestMessage = { type: "engine"; request: number; ask: EngineAsk } | { type: "engineCancel"; request: number };

/** Page → kernel: one reply to a request. */
export type EngineReplyMessage = { type: "engine"; request: number; reply: EngineReply };
