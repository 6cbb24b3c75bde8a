/**
 * The line a model request adds to a cell's output: while streaming, which
 * model answers through which backend; when done, also the tokens and
 * tokens per second, and "asked for X" when the server answered with its
 * own model; when it failed, what happened and the next step. Before a
 * large download into this browser, the consent question with its button
 * (`data-engine-agree`, answered by the notebook). Later reports
 * of the same request update its line, which ends below the answer. Text
 * nodes only.
 *
 * @example
 * const lines = new ModelOutput(modelPageData());
 * const node = lines.render(report); // the line to append (again, to move it down), or undefined when updated in place
 */
import { backendName, describeProblem, formatBytes } from "../models/page/describeProblem.ts";
import type { ModelPageData } from "../models/page/pageData.ts";
import type { ModelReport } from "../models/shared/report.ts";
import type { ConsentRequest } from "../models/shared/browser/engineMessages.ts";

function span(className: string, text: string): HTMLSpanElement {
  const node = document.createElement("span");
  node.className = className;
  node.textContent = text;
  return node;
}

export class ModelOutput {
  private readonly data: ModelPageData;
  private readonly lines = new Map<number, HTMLElement>();
  private readonly number: Intl.NumberFormat;

  constructor(data: ModelPageData) {
    this.data = data;
    this.number = new Intl.NumberFormat(data.locale, { maximumFractionDigits: 1 });
  }

  /** Forgets earlier lines (a new run). */
  clear(): void {
    this.lines.clear();
  }

  render(report: ModelReport): HTMLElement | undefined {
    const existing = this.lines.get(report.id);
    const line = existing ?? document.createElement("div");
    line.className = `model-line${report.problem ? " model-problem" : ""}`;
    line.dataset.modelState = report.state;
    if (report.problem) line.dataset.problem = report.problem.code;
    line.replaceChildren(...(report.problem ? this.problem(report) : this.answer(report)));
    this.lines.set(report.id, line);
    // Until the answer ends the line stays where it started; its final state moves it below the answer.
    return existing && report.state !== "done" && report.state !== "failed" ? undefined : line;
  }

  private answer(report: ModelReport): Node[] {
    const { t } = this.data;
    const values = { model: report.served ?? report.requested ?? "?", backend: backendName(t, report.backend, report) };
    if (report.state === "waiting" || report.state === "loading") return [span("model-who", t(`modelOutput.${report.state}`, values)), ...this.notes(report)];
    if (report.state === "consent" && report.consent) return this.consent(report.consent);
    if (report.state === "downloading" && report.download) {
      const { loaded, total, secondsLeft } = report.download;
      const progress = document.createElement("progress");
      progress.max = total;
      progress.value = loaded;
      const done = { loaded: formatBytes(loaded, this.data.locale), total: formatBytes(total, this.data.locale) };
      const text = secondsLeft !== undefined ? t("modelOutput.downloadingLeft", { ...done, seconds: this.number.format(secondsLeft) }) : t("modelOutput.downloading", done);
      progress.setAttribute("aria-label", text);
      return [span("model-who", text), document.createTextNode(" "), progress];
    }
    const parts: Node[] = [span("model-who", t(report.state === "done" ? "modelOutput.answered" : "modelOutput.answering", values))];
    const extra: string[] = [];
    if (report.demo) extra.push(t("modelOutput.demo"));
    if (report.instead && report.requested) extra.push(this.ownText("modelOutput.instead", report.backend, { requested: report.requested }));
    if (report.tokens !== undefined) {
      extra.push(
        report.tokensPerSecond !== undefined
          ? t("modelOutput.speed", { tokens: this.number.format(report.tokens), rate: this.number.format(report.tokensPerSecond) })
          : t("modelOutput.tokens", { tokens: this.number.format(report.tokens) }),
      );
    }
    if (report.firstTokenMs !== undefined && report.state === "done") extra.push(t("modelOutput.firstToken", { ms: this.number.format(report.firstTokenMs) }));
    for (const text of extra) parts.push(document.createTextNode(" · "), span("model-info", text));
    if (report.state === "streaming") {
      parts.push(document.createTextNode(" · "), span("model-answering", t("modelOutput.streaming")), span("model-stopped", t("modelOutput.stopped")));
    }
    return [...parts, ...this.notes(report)];
  }

  /** A backend's own words (`<key>By.<kind>`) where it has them, else the common ones. */
  private ownText(key: "modelOutput.instead", backend: string, values: Record<string, string>): string {
    return this.data.t.optional(`${key}By.${backend}`, values) ?? this.data.t(key, values);
  }

  /** Why this backend answers (picked for the reader) and whether the model is kept, below the line. */
  private notes(report: ModelReport): Node[] {
    const { t } = this.data;
    const notes: Node[] = [];
    if (report.picked) notes.push(span("model-note", t("modelOutput.picked")));
    if (report.fromMemory) notes.push(span("model-note", t("modelOutput.fromMemory")));
    return notes;
  }

  /** A large download, asked in the cell: what, how big, from where, which licence, whether it is likely to fit, and one button. */
  private consent(consent: ConsentRequest): Node[] {
    const { t, locale } = this.data;
    const values = { model: consent.label, size: formatBytes(consent.bytes, locale), host: consent.host, license: consent.license };
    const parts: Node[] = [span("model-who", t("modelOutput.consent.ask", values))];
    const { memory, freeStorage, likely } = consent.fit;
    const known = [
      memory !== undefined ? t("modelOutput.consent.memory", { size: formatBytes(memory, locale) }) : undefined,
      freeStorage !== undefined ? t("modelOutput.consent.storage", { size: formatBytes(freeStorage, locale) }) : undefined,
    ].filter((x): x is string => !!x);
    const verdict = likely === undefined ? t("modelOutput.consent.unknownFit") : t(likely ? "modelOutput.consent.fits" : "modelOutput.consent.mayNotFit");
    parts.push(span("model-note", [...known, verdict].join(" ")));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "model-consent";
    button.dataset.engineAgree = consent.model;
    button.textContent = t("modelOutput.consent.agree", values);
    parts.push(button);
    return parts;
  }

  private problem(report: ModelReport): Node[] {
    const text = describeProblem(report.problem!, this.data.t, this.data.models, this.data.locale);
    const paragraph = (className: string, content: string) => {
      const p = document.createElement("p");
      p.className = className;
      p.textContent = content;
      return p;
    };
    return [paragraph("model-problem-what", text.what), paragraph("model-problem-next", text.next), ...(text.detail ? [paragraph("model-problem-detail", text.detail)] : [])];
  }
}
