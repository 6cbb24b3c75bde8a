/**
 * What a model backend is. A backend type (one file in `backends/`, listed
 * in `backends.ts`) says which settings the reader gives it, what the
 * kernel's `process.env` carries of them, and which `Backend` they
 * describe; everything else — routing, probes, tests, error texts, the
 * settings panel — reads the resolved `Backend`'s fields, never its kind.
 * Its strings are `settings.<kind>.*`, `modelOutput.backend.<kind>` and,
 * for a backend on the network, `modelErrors.{unauthorized,unreachable}.<kind>`.
 *
 * @example
 * const custom: BackendType = { kind: "custom", settings: [{ name: "url", env: "CARNET_MODEL_URL", input: "url" }], resolve: (v) => … };
 */
import type { EngineAsk, EngineReply, EngineReport, TokenLogprob } from "./browser/engineMessages.ts";
import type { ListedModel, ModelList } from "./probe.ts";
import type { ModelProblem } from "./report.ts";

/** The environment variable that names the chosen backend ("auto" when nothing was chosen). */
export const BACKEND_ENV = "CARNET_MODEL_BACKEND";

/** Where a cell's model requests go, as the routing needs it. */
export interface Backend {
  kind: string;
  /** OpenAI-compatible base URL (`…/v1`) that chat requests and the model list go to; absent: Hugging Face's own URLs. */
  base?: string;
  /** The server's origin: named to the reader, and the only place `key` is sent. */
  origin?: string;
  /** The server's own bearer key. */
  key?: string;
  /** Hugging Face inference provider, when not auto. */
  provider?: string;
  /** The model the engine in this page runs. */
  model?: string;
  /** Requests are answered by the engine in this page, not the network: no probe, no default time limit. */
  inPage?: boolean;
  /** Nothing was chosen: picked for the reader by `autoBackendType` (a failure then names every way to get answers). */
  auto?: boolean;
}

/** One setting of a backend, as the settings panel shows it and the kernel gets it. */
export interface BackendSetting {
  /** Form field and storage name; label `settings.<kind>.<name>`, hint `settings.<kind>.<name>Hint`. */
  name: string;
  /** The `process.env` variable cells see it as. */
  env: string;
  /** Kept like a password: per session unless "remember", masked in outputs, never shown again. */
  secret?: boolean;
  /** Given to cells whatever backend is chosen (the lesson's cells read `HF_TOKEN`). */
  always?: boolean;
  /** How the panel asks for it: a text input (default), a URL, or a choice the backend's own panel code fills. */
  input?: "text" | "url" | "select";
  /** Shown in the empty field: a `settings.<kind>.*` key, or a literal example. */
  placeholder?: { key: string } | { text: string };
  /** Suggestions offered as the reader types: the Hugging Face providers the course's lessons name. */
  suggestions?: "providers";
}

/** The outcome of the settings' Test button: the models listed, or the problem. */
export type TestResult = { ok: true; models: ListedModel[]; account?: string } | { ok: false; problem: ModelProblem };

/** The kernel's way to the page (where the browser engine lives): sends one request, hands each reply to `onReply`; the function returned cancels it. */
export interface PageChannel {
  ask(ask: EngineAsk, onReply: (reply: EngineReply) => void): () => void;
}

/** One chat call a backend answers with its own code rather than through an HTTP server. */
export interface OwnCall {
  backend: Backend;
  /** The cell's arguments, as the client takes them (`model`, `messages`, `max_tokens`, …). */
  args: Readonly<Record<string, unknown>>;
  /** Aborts when the cell stops the call: Stop, its own signal, or a stream it no longer reads. */
  signal: AbortSignal;
  /** Absent where the kernel has no page (some tests). */
  page: PageChannel | undefined;
  /** What happens before the answer, and `answering` once a non-streamed answer's tokens flow. */
  report(report: EngineReport | { type: "answering" }): void;
}

/** The OpenAI-compatible answer to `chatCompletion`, as cells read it from any backend. */
export interface ChatOutput {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: { index: number; message: { role: "assistant"; content: string }; logprobs: { content: TokenLogprob[]; refusal: null } | null; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** One chunk of `chatCompletionStream`, as cells read it from any backend. */
export interface ChatChunkOutput {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: { index: number; delta: { role?: "assistant"; content?: string }; logprobs: { content: TokenLogprob[]; refusal: null } | null; finish_reason: string | null }[];
  usage?: ChatOutput["usage"];
}

/** What one backend file exports. */
export interface BackendType {
  kind: string;
  settings: readonly BackendSetting[];
  /**
   * The backend these settings describe, or `{ invalid }` naming the field
   * that does not (a custom URL that is not http(s)). `site` is the site's
   * root URL, no trailing slash (origin and base path).
   */
  resolve(values: Readonly<Record<string, string>>, site: string): Backend | { invalid: string };
  /** Offered only when this site's server answers /v1/models. */
  needsSite?: boolean;
  /** The reader's name for it when it needs more than `modelOutput.backend.<kind>` with `{origin}`: a key and its values. */
  name?(backend: Pick<Backend, "provider" | "origin">): { key: string; values?: Record<string, string> };
  /**
   * The Test button, when asking `<base>/models` is not the test (Hugging
   * Face checks the token first): its result, or the request that failed,
   * for the common code to explain.
   */
  test?(backend: Backend, options: { token: string; fetch: typeof fetch; timeoutMs: number }): Promise<TestResult | { url: string; failed: Extract<ModelList, { ok: false }> }>;
  /** This backend's own reading of a failure, before the general rules (see classifyFailure). */
  problemCode?(facts: { status?: number; message: string; hasToken: boolean }): "noToken" | "badToken" | undefined;
  /**
   * Chat calls the backend answers with its own code (the engine in this
   * page, over the kernel's port) instead of an HTTP server the client
   * talks to: the same outputs cells get from a server's answer. Other
   * tasks are refused as for any backend with a `base`.
   */
  own?: {
    chatCompletion(call: OwnCall): Promise<ChatOutput>;
    chatCompletionStream(call: OwnCall): AsyncGenerator<ChatChunkOutput>;
  };
}

/**
 * An OpenAI-compatible base URL as the reader typed it, made canonical: no
 * trailing slash, and `/v1` added when only an origin was given. Undefined
 * when it is not an http(s) URL.
 *
 * @example
 * normalizeBaseUrl("http://localhost:11434/") // "http://localhost:11434/v1"
 * normalizeBaseUrl("http://localhost:8080/v1/") // "http://localhost:8080/v1"
 */
export function normalizeBaseUrl(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.username || url.password) return undefined;
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.origin}${path === "" ? "/v1" : path}`;
}

const HUGGING_FACE_HOST = /(^|\.)huggingface\.co$/i;

/** Whether a URL points at Hugging Face (the router, the Hub or its API). */
export function isHuggingFaceUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" && HUGGING_FACE_HOST.test(parsed.hostname);
  } catch {
    return false;
  }
}
