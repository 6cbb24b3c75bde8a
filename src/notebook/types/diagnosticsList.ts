/**
 * A cell's type errors outside the editor: a count in the cell's toolbar
 * and, under the code, a labelled list (one button per error, which puts
 * the cursor on it) that screen readers and keyboard users can reach. Where
 * TypeScript has no messages in the page's language, the first list shown
 * on the page says once that they are in English. Built from text nodes
 * only. Its styles (types.css) come with the lesson page's stylesheet
 * (components/Cell.astro).
 *
 * @example
 * const list = new DiagnosticsList(figure, "first-chat", t, (from) => moveCursor(from));
 * list.show(items, doc, true, undefined);
 */
import type { Text } from "@codemirror/state";
import type { Strings } from "../page/strings.ts";
import type { TypeDiagnostic } from "./protocol.ts";

let englishNoticeShown = false;

export class DiagnosticsList {
  private readonly region: HTMLElement;
  private readonly items: HTMLUListElement;
  private readonly count: HTMLElement;
  private readonly t: Strings;
  private readonly go: (from: number) => void;

  constructor(figure: HTMLElement, cell: string, t: Strings, go: (from: number) => void) {
    this.t = t;
    this.go = go;
    this.count = document.createElement("span");
    this.count.className = "cell-type-count";
    this.count.hidden = true;
    const bar = figure.querySelector(".cell-bar");
    bar?.insertBefore(this.count, bar.querySelector("[data-status]"));
    this.region = document.createElement("section");
    this.region.className = "cell-type-errors";
    this.region.setAttribute("aria-label", t("types.listLabel", { id: cell }));
    this.region.hidden = true;
    this.items = document.createElement("ul");
    const keys = document.createElement("p");
    keys.className = "cell-type-keys";
    keys.textContent = t("types.keys");
    this.region.append(this.items, keys);
    figure.querySelector(".cell-source")?.after(this.region);
  }

  show(diagnostics: TypeDiagnostic[], doc: Text, localized: boolean, failure: string | undefined): void {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    this.count.hidden = errors === 0;
    this.count.textContent = this.t("types.count", { count: errors });
    this.region.hidden = diagnostics.length === 0 && !failure;
    const rows = diagnostics.map((d) => {
      const line = doc.lineAt(Math.min(d.from, doc.length));
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = this.t("types.line", { line: line.number, column: d.from - line.from + 1, message: d.message });
      button.addEventListener("click", () => this.go(d.from));
      const item = document.createElement("li");
      item.className = `cell-type-error cell-type-${d.severity}`;
      item.append(button);
      return item;
    });
    if (failure) rows.push(this.note(this.t("types.failed", { message: failure })));
    this.items.replaceChildren(...rows);
    if (!localized && diagnostics.length > 0 && !englishNoticeShown) {
      englishNoticeShown = true;
      const notice = document.createElement("p");
      notice.className = "cell-type-language";
      notice.textContent = this.t("types.englishOnly");
      this.items.after(notice);
    }
  }

  private note(text: string): HTMLLIElement {
    const item = document.createElement("li");
    item.className = "cell-type-note";
    item.textContent = text;
    return item;
  }
}
