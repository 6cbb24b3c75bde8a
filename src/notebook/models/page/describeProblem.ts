/**
 * The reader's words for a failed model request: what happened and what to
 * do next, in the page's language (`modelErrors` strings), naming the
 * lesson's alternatives and provider hints when a model is not served.
 *
 * @example
 * describeProblem({ code: "cors", backend: "custom", origin: "http://localhost:11434", pageOrigin: "http://127.0.0.1:4321" }, data)
 * // { what: "http://localhost:11434 answered, but does not allow requests from this page (http://127.0.0.1:4321).", next: "… OLLAMA_ORIGINS=http://127.0.0.1:4321 …" }
 */
import { backendType } from "../shared/backends.ts";
import type { LessonModel, ModelStrings } from "./pageData.ts";
import type { ModelProblem } from "../shared/report.ts";

export interface ProblemText {
  what: string;
  next: string;
  detail?: string;
}

/** A backend's name for the reader: "Hugging Face", "this site's server", the custom URL's origin… (`modelOutput.backend.<kind>`). */
export function backendName(t: ModelStrings, backend: string, details: { provider?: string | undefined; origin?: string | undefined } = {}): string {
  const known = { ...(details.provider ? { provider: details.provider } : {}), ...(details.origin ? { origin: details.origin } : {}) };
  const own = backendType(backend)?.name?.(known);
  const key = own?.key ?? `modelOutput.backend.${backend}`;
  return t.optional(key, own ? own.values : { origin: details.origin ?? "" }) ?? key;
}

/** A size for the reader, in megabytes of their locale ("386 MB", "386 Mo"). */
export function formatBytes(bytes: number, locale: string): string {
  const megabytes = bytes / 1_000_000;
  return new Intl.NumberFormat(locale, { style: "unit", unit: "megabyte", maximumFractionDigits: megabytes < 10 ? 1 : 0 }).format(megabytes);
}

export function describeProblem(problem: ModelProblem, t: ModelStrings, models: readonly LessonModel[] = [], locale = "en"): ProblemText {
  const values = {
    size: problem.bytes !== undefined ? formatBytes(problem.bytes, locale) : "",
    backend: backendName(t, problem.backend, { origin: problem.origin }),
    model: problem.model ?? "",
    origin: problem.origin ?? "",
    pageOrigin: problem.pageOrigin ?? "",
    status: problem.status ?? "",
    seconds: problem.retryAfterSeconds ?? "",
    field: problem.field ?? "",
  };
  const key = `modelErrors.${problem.code}`;
  // A backend's own words for a problem (`modelErrors.<code>.<kind>.what|next`) come first.
  const own = (part: "what" | "next") => t.optional(`${key}.${problem.backend}.${part}`, values) ?? t.optional(`${key}.${part}`, values) ?? `${key}.${part}`;
  let what = own("what");
  let next = own("next");

  if (problem.code === "serverFailed" && (problem.status === undefined || problem.status < 400)) what = t("modelErrors.serverFailed.whatStream", values);
  if (problem.code === "rateLimited" && problem.retryAfterSeconds !== undefined) next = t("modelErrors.rateLimited.nextIn", values);
  if (problem.code === "badField" && problem.field) next = t.optional(`${key}.rule.${problem.field}`) ?? next;
  if (problem.code === "modelNotServed") {
    const lesson = models.find((m) => m.id === problem.model);
    const steps: string[] = [];
    if (lesson && lesson.alternatives.length > 0) steps.push(t("modelErrors.modelNotServed.alternatives", { models: lesson.alternatives.join(", ") }));
    if (problem.available && problem.available.length > 0) steps.push(t("modelErrors.modelNotServed.available", { models: problem.available.join(", ") }));
    if (backendType(problem.backend)?.settings.some((s) => s.name === "provider") && lesson && lesson.providers.length > 0) steps.push(t("modelErrors.modelNotServed.providers", { providers: lesson.providers.join(", ") }));
    if (steps.length > 0) next = steps.join(" ");
  }
  // Who said the detail: a server, or the engine in this page (`modelErrors.detailBy.<kind>`).
  if (!problem.detail) return { what, next };
  const detail = t.optional(`modelErrors.detailBy.${problem.backend}`, { detail: problem.detail }) ?? t("modelErrors.detail", { detail: problem.detail });
  return { what, next, detail };
}
