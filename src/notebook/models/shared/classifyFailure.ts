/**
 * Turns what is known about a failed model request — the thrown error, the
 * HTTP status and body if an answer came, whether the server could be
 * reached at all — into one problem code the page explains with a next
 * step (see `modelErrors` in locales/en.json).
 *
 * @example
 * classifyFailure({ backend: { kind: "huggingface" }, pageOrigin, status: 429, retryAfter: "20" })
 * // { code: "rateLimited", backend: "huggingface", status: 429, retryAfterSeconds: 20 }
 */
import type { Backend } from "./backend.ts";
import { backendType } from "./backends.ts";
import type { ModelProblem } from "./report.ts";
import { maskSecrets } from "./secrets.ts";

export interface FailureFacts {
  backend: Backend;
  pageOrigin: string;
  model?: string;
  /** Whether the request carried a token (Hugging Face) or key. */
  hasToken?: boolean;
  error?: unknown;
  status?: number;
  body?: string;
  retryAfter?: string | null;
  /** After a failed fetch: could the server be reached without CORS? */
  network?: "cors" | "unreachable";
  secrets?: readonly (string | undefined)[];
}

const DETAIL_CHARS = 300;

/** The server's message from a JSON error body (`{"error": "..."}`, `{"error": {"message"}}`, `{"message"}`) or plain text. */
export function errorDetail(body: string | undefined): { detail?: string; available?: string[] } {
  if (!body) return {};
  let detail: string | undefined = body.trim();
  let available: string[] | undefined;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const error = parsed.error as unknown;
    const nested = error && typeof error === "object" ? (error as Record<string, unknown>).message : undefined;
    const text = [error, nested, parsed.message, parsed.detail].find((v) => typeof v === "string") as string | undefined;
    detail = text;
    if (Array.isArray(parsed.available_models)) available = parsed.available_models.filter((m): m is string => typeof m === "string");
  } catch {
    if (/^\s*</.test(body)) detail = undefined; // an HTML error page says nothing useful
  }
  if (detail && detail.length > DETAIL_CHARS) detail = `${detail.slice(0, DETAIL_CHARS)}…`;
  return { ...(detail ? { detail } : {}), ...(available ? { available } : {}) };
}

/** Seconds from a Retry-After header: a number of seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

const NOT_SERVED = /not (?:found|served|supported|available)|does not exist|unknown|no such/i;

function errorName(error: unknown): string {
  return error && typeof error === "object" && "name" in error ? String((error as { name: unknown }).name) : "";
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === "string" ? error : "";
}

export function classifyFailure(facts: FailureFacts): ModelProblem {
  const problem = classify(facts);
  // Nothing chosen, no site server, no token: every way to get answers is the next step.
  if (problem.code === "noToken" && facts.backend.auto) return { ...problem, code: "noBackend" };
  return problem;
}

function classify(facts: FailureFacts): ModelProblem {
  const { backend, status } = facts;
  const base: ModelProblem = {
    code: "other",
    backend: backend.kind,
    pageOrigin: facts.pageOrigin,
    ...(backend.origin && !backend.inPage ? { origin: backend.origin } : {}),
    ...(facts.model ? { model: facts.model } : {}),
    ...(status !== undefined ? { status } : {}),
  };
  const { detail, available } = errorDetail(facts.body);
  const withDetail = (problem: ModelProblem): ModelProblem => {
    const text = detail ?? (status === undefined || status < 400 ? errorMessage(facts.error) || undefined : undefined);
    return text ? { ...problem, detail: maskSecrets(text, facts.secrets) } : problem;
  };
  const name = errorName(facts.error);
  const message = errorMessage(facts.error);

  if (name === "TimeoutError") return { ...base, code: "timeout" };
  const own = backendType(backend.kind)?.problemCode?.({ ...(status !== undefined ? { status } : {}), message, hasToken: !!facts.hasToken });
  if (own) return { ...base, code: own };
  if (facts.network === "cors") return { ...base, code: "cors" };
  if (facts.network === "unreachable") return { ...base, code: "unreachable" };
  if (status === undefined) return withDetail(base);
  // An answer began, then failed (an error event in the stream).
  if (status < 400) return withDetail({ ...base, code: "serverFailed" });
  if (status === 401 || status === 403) return withDetail({ ...base, code: "unauthorized" });
  if (status === 404 || ((status === 400 || status === 422) && /model/i.test(detail ?? "") && NOT_SERVED.test(detail ?? ""))) {
    return withDetail({ ...base, code: "modelNotServed", ...(available ? { available } : {}) });
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(facts.retryAfter);
    return withDetail({ ...base, code: "rateLimited", ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}) });
  }
  if (status === 504 || status === 408) return withDetail({ ...base, code: "timeout" });
  if (status >= 500) return withDetail({ ...base, code: "serverFailed" });
  return withDetail({ ...base, code: "rejected" });
}
