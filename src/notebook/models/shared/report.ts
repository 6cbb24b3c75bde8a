/**
 * What the kernel tells the page about one model request made by a cell:
 * which backend and model answered (and whether the server answered with
 * its own model instead of the one asked for), how fast, or what failed and
 * why. Reports with the same `id` in one run update the same line.
 *
 * @example
 * const report: ModelReport = { id: 1, state: "done", backend: "site", requested: "meta-llama/Llama-3.1-8B-Instruct", served: "carnet-tiny-demo", instead: true, tokens: 64, tokensPerSecond: 410 };
 */
import type { ConsentRequest, EngineProblemCode } from "./browser/engineMessages.ts";

type ProblemCode =
  | EngineProblemCode
  | "noBackend"
  | "noToken"
  | "badToken"
  | "unauthorized"
  | "modelNotServed"
  | "rateLimited"
  | "serverFailed"
  | "rejected"
  | "unreachable"
  | "cors"
  | "timeout"
  | "unsupportedTask"
  | "badField"
  | "noLogprobs"
  | "other";

/** A failed request, with what the page needs to say what to do next. */
export interface ModelProblem {
  code: ProblemCode;
  /** The backend's kind (see backends.ts). */
  backend: string;
  /** HTTP status, when an answer came. */
  status?: number;
  /** Seconds to wait, from Retry-After. */
  retryAfterSeconds?: number;
  /** The model the cell asked for. */
  model?: string;
  /** The backend's origin (site or custom URL). */
  origin?: string;
  /** The page's origin, which a custom server must allow (CORS). */
  pageOrigin?: string;
  /** Size of the file the browser engine needs (consent). */
  bytes?: number;
  /** Models the server said it serves. */
  available?: string[];
  /** The request field out of bounds (badField). */
  field?: string;
  /** The server's own words, shortened, secrets masked. */
  detail?: string;
}

export interface ModelReport {
  id: number;
  /** Before the answer, for the browser engine: waiting its turn, downloading the model, loading it. */
  state: "waiting" | "consent" | "downloading" | "loading" | "streaming" | "done" | "failed";
  /** The backend's kind (see backends.ts). */
  backend: string;
  /** Hugging Face provider asked for, when not auto. */
  provider?: string;
  /** Origin of this site's server or of the custom URL. */
  origin?: string;
  /** The reader chose no backend and the engine in this page was picked for them (the line says so). */
  picked?: boolean;
  requested?: string;
  served?: string;
  /** The server answered with `served` instead of `requested`. */
  instead?: boolean;
  /** `served` is a tiny demo model (its answers are word salad). */
  demo?: boolean;
  /** What the reader is asked before a large download (state "consent"), answered in the cell. */
  consent?: ConsentRequest;
  /** The browser did not keep the model file: it runs from memory for this visit. */
  fromMemory?: boolean;
  /** Download progress (state "downloading"). */
  download?: { loaded: number; total: number; secondsLeft?: number };
  tokens?: number;
  firstTokenMs?: number;
  ms?: number;
  tokensPerSecond?: number;
  problem?: ModelProblem;
}
