/**
 * The settings' Test button: asks a backend for its models with the values
 * in the form (saved or not), and either lists them or says precisely what
 * failed, with the same problem codes as cell outputs. For Hugging Face the
 * token is checked first (whoami), then the router lists its models.
 *
 * @example
 * const result = await testBackend({ kind: "custom", base: "http://localhost:11434/v1", origin: "http://localhost:11434" }, { token: "", fetch, pageOrigin: location.origin });
 * result.ok ? result.models.map((m) => m.id) : result.problem.code // "cors", "unreachable", …
 */
import type { Backend } from "./backend.ts";
import { classifyFailure } from "./classifyFailure.ts";
import { listModels, reachable, type ListedModel, type ModelList } from "./probe.ts";
import type { ModelProblem } from "./report.ts";

export type TestResult = { ok: true; models: ListedModel[]; account?: string } | { ok: false; problem: ModelProblem };

export interface TestOptions {
  /** The Hugging Face token typed or saved. */
  token: string;
  fetch: typeof fetch;
  pageOrigin: string;
  timeoutMs?: number;
}

const WHOAMI = "https://huggingface.co/api/whoami-v2";
const ROUTER = "https://router.huggingface.co/v1";

async function explain(failed: Extract<ModelList, { ok: false }>, backend: Backend, url: string, options: TestOptions): Promise<TestResult> {
  const timedOut = (failed.error as { name?: string } | undefined)?.name === "TimeoutError";
  const network = failed.status === undefined && !timedOut ? ((await reachable(options.fetch, url)) && backend.kind === "custom" ? "cors" : "unreachable") : undefined;
  const problem = classifyFailure({
    backend,
    pageOrigin: options.pageOrigin,
    hasToken: options.token !== "" || (backend.kind === "custom" && !!backend.key),
    error: failed.error,
    retryAfter: failed.retryAfter ?? null,
    secrets: [options.token, backend.kind === "custom" ? backend.key : undefined],
    ...(failed.status !== undefined ? { status: failed.status } : {}),
    ...(failed.body !== undefined ? { body: failed.body } : {}),
    ...(network ? { network } : {}),
  });
  return { ok: false, problem };
}

function accountName(body: string): string | undefined {
  try {
    const name = (JSON.parse(body) as { name?: unknown }).name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

export async function testBackend(backend: Backend, options: TestOptions): Promise<TestResult> {
  const timeoutMs = options.timeoutMs ?? 8000;
  if (backend.kind !== "huggingface") {
    const key = backend.kind === "custom" ? backend.key : undefined;
    const listed = await listModels(options.fetch, backend.base, { timeoutMs, ...(key ? { key } : {}) });
    return listed.ok ? listed : explain(listed, backend, `${backend.base}/models`, options);
  }
  const token = options.token.trim();
  if (!token) return { ok: false, problem: { code: "noToken", backend: "huggingface" } };
  if (!token.startsWith("hf_")) return { ok: false, problem: { code: "badToken", backend: "huggingface" } };

  let account: string | undefined;
  try {
    const response = await options.fetch(WHOAMI, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text().catch(() => "");
    if (!response.ok) return explain({ ok: false, status: response.status, body, retryAfter: response.headers.get("retry-after") }, backend, WHOAMI, options);
    account = accountName(body);
  } catch (error) {
    return explain({ ok: false, error }, backend, WHOAMI, options);
  }
  const listed = await listModels(options.fetch, ROUTER, { key: token, timeoutMs });
  if (!listed.ok) return explain(listed, backend, ROUTER, options);
  return { ...listed, ...(account ? { account } : {}) };
}
