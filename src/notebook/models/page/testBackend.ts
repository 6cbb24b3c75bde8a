/**
 * The settings' Test button: asks a backend for its models with the values
 * in the form (saved or not), and either lists them or says precisely what
 * failed, with the same problem codes as cell outputs. A backend type may
 * test in its own way (Hugging Face checks the token first); the default
 * is `GET <base>/models` with the backend's key.
 *
 * @example
 * const result = await testBackend({ kind: "custom", base: "http://localhost:11434/v1", origin: "http://localhost:11434" }, { token: "", fetch, pageOrigin: location.origin });
 * result.ok ? result.models.map((m) => m.id) : result.problem.code // "cors", "unreachable", …
 */
import type { Backend, TestResult } from "../shared/backend.ts";
import { backendType } from "../shared/backends.ts";
import { classifyFailure } from "../shared/classifyFailure.ts";
import { listModels, reachable, type ModelList } from "../shared/probe.ts";

export interface TestOptions {
  /** The Hugging Face token typed or saved. */
  token: string;
  fetch: typeof fetch;
  pageOrigin: string;
  timeoutMs?: number;
}

/**
 * The problem behind a failed request to `url`. A request that got no answer
 * is retried without CORS: if that one is answered, a server of another
 * origin refused this page (CORS); otherwise nothing answered.
 */
async function explainFailure(failed: Extract<ModelList, { ok: false }>, backend: Backend, url: string, options: TestOptions): Promise<TestResult> {
  const timedOut = (failed.error as { name?: string } | undefined)?.name === "TimeoutError";
  const otherOrigin = !!backend.origin && backend.origin !== options.pageOrigin;
  const network = failed.status === undefined && !timedOut ? ((await reachable(options.fetch, url)) && otherOrigin ? "cors" : "unreachable") : undefined;
  const problem = classifyFailure({
    backend,
    pageOrigin: options.pageOrigin,
    hasToken: options.token !== "" || !!backend.key,
    error: failed.error,
    retryAfter: failed.retryAfter ?? null,
    secrets: [options.token, backend.key],
    ...(failed.status !== undefined ? { status: failed.status } : {}),
    ...(failed.body !== undefined ? { body: failed.body } : {}),
    ...(network ? { network } : {}),
  });
  return { ok: false, problem };
}

export async function testBackend(backend: Backend, options: TestOptions): Promise<TestResult> {
  const timeoutMs = options.timeoutMs ?? 8000;
  const own = backendType(backend.kind)?.test;
  if (own) {
    const result = await own(backend, { ...options, timeoutMs });
    return "failed" in result ? explainFailure(result.failed, backend, result.url, options) : result;
  }
  if (backend.base === undefined) return { ok: false, problem: { code: "other", backend: backend.kind } };
  const listed = await listModels(options.fetch, backend.base, { timeoutMs, ...(backend.key ? { key: backend.key } : {}) });
  return listed.ok ? listed : explainFailure(listed, backend, `${backend.base}/models`, options);
}
