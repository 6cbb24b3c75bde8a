/**
 * The reader's words for a failed model request: what happened and what to
 * do next, in the page's language (`modelErrors` strings), naming the
 * lesson's alternatives and provider hints when a model is not served.
 *
 * @example
 * describeProblem({ code: "cors", backend: "custom", origin: "http://localhost:11434", pageOrigin: "http://127.0.0.1:4321" }, data)
 * // { what: "http://localhost:11434 answered, but does not allow requests from this page (http://127.0.0.1:4321).", next: "… OLLAMA_ORIGINS=http://127.0.0.1:4321 …" }
 */
import type { Strings } from "../page/strings.ts";
import type { LessonModel } from "./pageData.ts";
import type { ModelProblem } from "./report.ts";

export interface ProblemText {
  what: string;
  next: string;
  detail?: string;
}

/** A backend's name for the reader: "Hugging Face", "this site's server" or the custom URL's origin. */
export function backendName(t: Strings, backend: string, details: { provider?: string | undefined; origin?: string | undefined } = {}): string {
  if (backend === "huggingface") return details.provider ? t("modelOutput.backend.huggingfaceProvider", { provider: details.provider }) : t("modelOutput.backend.huggingface");
  if (backend === "site") return t("modelOutput.backend.site");
  if (backend === "browser") return t("modelOutput.backend.browser");
  return t("modelOutput.backend.custom", { origin: details.origin ?? "" });
}

const BY_BACKEND = new Set(["unauthorized", "unreachable"]);

/** A size for the reader, in megabytes of their locale ("386 MB", "386 Mo"). */
export function formatBytes(bytes: number, locale: string): string {
  const megabytes = bytes / 1_000_000;
  return new Intl.NumberFormat(locale, { style: "unit", unit: "megabyte", maximumFractionDigits: megabytes < 10 ? 1 : 0 }).format(megabytes);
}

export function describeProblem(problem: ModelProblem, t: Strings, models: readonly LessonModel[] = [], locale = "en"): ProblemText {
  const values = {
    size: problem.bytes !== undefined ? formatBytes(problem.bytes, locale) : "",
    backend: backendName(t, problem.backend, { origin: problem.origin }),
    model: problem.model ?? "",
    origin: problem.origin ?? "",
    pageOrigin: problem.pageOrigin ?? "",
    status: problem.status ?? "",
    seconds: problem.retryAfterSeconds ?? "",
  };
  const key = BY_BACKEND.has(problem.code) ? `modelErrors.${problem.code}.${problem.backend}` : `modelErrors.${problem.code}`;
  let what = t(`${key}.what`, values);
  let next = t(`${key}.next`, values);

  if (problem.code === "serverFailed") {
    if (problem.status === undefined || problem.status < 400) what = t(`${key}.whatStream`, values);
    if (problem.backend === "site") next = t(`${key}.nextSite`, values);
  }
  if (problem.code === "rateLimited" && problem.retryAfterSeconds !== undefined) next = t(`${key}.nextIn`, values);
  if (problem.code === "modelNotServed") {
    const lesson = models.find((m) => m.id === problem.model);
    const steps: string[] = [];
    if (lesson && lesson.alternatives.length > 0) steps.push(t(`${key}.alternatives`, { models: lesson.alternatives.join(", ") }));
    if (problem.available && problem.available.length > 0) steps.push(t(`${key}.available`, { models: problem.available.join(", ") }));
    if (problem.backend === "huggingface" && lesson && lesson.providers.length > 0) steps.push(t(`${key}.providers`, { providers: lesson.providers.join(", ") }));
    if (steps.length > 0) next = steps.join(" ");
  }
  return { what, next, ...(problem.detail ? { detail: t("modelErrors.detail", { detail: problem.detail }) } : {}) };
}
