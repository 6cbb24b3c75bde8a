/**
 * Renders a cell's output: console lines, expandable values, tables,
 * images, token probability charts, errors with their code frame, and the "output cut" count. All of
 * it is built with text nodes: nothing a cell prints is ever read as HTML.
 *
 * @example
 * const out = new OutputView(element, t, (ref, from) => kernel.expand(generation, ref, from));
 * out.append(items, false);
 */
import { distributionChart } from "./distributionChart.ts";
import { ModelOutput } from "./modelOutput.ts";
import { modelPageData } from "../models/page/pageData.ts";
import type { ErrorReport, Expansion, OutputItem, ValueNode } from "../protocol.ts";
import type { Strings } from "./strings.ts";

export type Expander = (ref: number, from: number) => Promise<Expansion | undefined>;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class OutputView {
  private readonly root: HTMLElement;
  private readonly t: Strings;
  private expander: Expander;
  private queue: { items: OutputItem[]; late: boolean }[] = [];
  private frame = 0;
  private droppedLine: HTMLElement | undefined;
  private lastLine: HTMLElement | undefined;
  private objectUrls: string[] = [];
  private models: ModelOutput | undefined;

  constructor(root: HTMLElement, t: Strings, expander: Expander) {
    this.root = root;
    this.t = t;
    this.expander = expander;
  }

  /** Empties the output (a new run); `expander` is the kernel of that run. */
  clear(expander: Expander): void {
    this.expander = expander;
    this.queue = [];
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    for (const url of this.objectUrls) URL.revokeObjectURL(url);
    this.objectUrls = [];
    this.root.replaceChildren();
    this.droppedLine = undefined;
    this.lastLine = undefined;
    this.models?.clear();
    // A new run's first output (a streamed token, say) is drawn at once.
    this.lastDrawn = -Infinity;
  }

  /**
   * Draws items: at once when output is sparse, else at the next frame (so
   * a flood of lines is drawn in a few large batches and cannot freeze the page).
   */
  append(items: OutputItem[], late: boolean): void {
    this.queue.push({ items, late });
    const now = performance.now();
    if (!this.frame && now - this.lastDrawn > 50) {
      this.lastDrawn = now;
      this.drain();
    } else if (!this.frame) {
      this.frame = requestAnimationFrame(() => this.drain());
    }
  }
  private lastDrawn = -Infinity;

  /** Draws queued items now (before a value or error is added after them). */
  drain(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const batches = this.queue;
    this.queue = [];
    const fragment = document.createDocumentFragment();
    for (const { items, late } of batches) {
      for (const item of items) {
        const node = this.renderItem(item, late);
        if (node) fragment.append(node);
      }
    }
    this.root.append(fragment);
  }

  dropped(count: number): void {
    this.drain();
    this.droppedLine ??= element("p", "out-dropped");
    this.droppedLine.textContent = this.t("outputCut", { count });
    this.root.append(this.droppedLine);
  }

  value(node: ValueNode): void {
    this.drain();
    const line = element("div", "out-value");
    line.append(element("span", "out-value-label", this.t("value")), this.renderValue(node));
    this.root.append(line);
  }

  error(report: ErrorReport): void {
    this.drain();
    this.root.append(this.renderError(report));
  }

  notice(text: string, className = "out-notice"): void {
    this.drain();
    this.root.append(element("p", className, text));
  }

  private renderItem(item: OutputItem, late: boolean): HTMLElement | undefined {
    let node: HTMLElement;
    switch (item.kind) {
      case "log": {
        if (item.raw && this.lastLine?.dataset.raw === "open") {
          this.lastLine.append(item.text);
          if (item.text.endsWith("\n")) this.lastLine.dataset.raw = "closed";
          return undefined;
        }
        node = element("div", `out-line out-${item.level}`);
        if (item.values) {
          if (item.indent > 0) node.style.paddingInlineStart = `${item.indent}ch`;
          item.values.forEach((value, i) => {
            if (i > 0) node.append(" ");
            node.append(value.type === "text" ? value.text : this.renderValue(value));
          });
        } else {
          node.textContent = item.text;
        }
        if (item.raw) node.dataset.raw = item.text.endsWith("\n") ? "closed" : "open";
        this.lastLine = node;
        break;
      }
      case "table":
        node = this.renderTable(item.columns, item.rows);
        break;
      case "image": {
        node = element("div", "out-image");
        const image = element("img");
        image.alt = item.alt;
        if (item.blob && /^image\/svg\+xml/i.test(item.blob.type)) {
          // An SVG opened from a blob: URL is a document of this origin and could run its scripts; a data: URL cannot be opened as a page.
          void item.blob.text().then((svg) => (image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`));
        } else if (item.blob) {
          const url = URL.createObjectURL(item.blob);
          this.objectUrls.push(url);
          image.src = url;
        } else if (item.url && /^data:image\//i.test(item.url)) {
          image.src = item.url;
        }
        node.append(image);
        break;
      }
      case "distribution": {
        const html = document.documentElement;
        node = distributionChart(item, this.t, { locale: html.lang || "en", rtl: html.dir === "rtl" });
        break;
      }
      case "error":
        node = this.renderError(item.error);
        break;
      case "model": {
        this.models ??= new ModelOutput(modelPageData());
        const line = this.models.render(item.report);
        if (!line) return undefined;
        node = line;
        break;
      }
    }
    if (late) {
      node.classList.add("out-late");
      node.title = this.t("late");
    }
    return node;
  }

  private renderTable(columns: string[], rows: string[][]): HTMLElement {
    const wrap = element("div", "out-table");
    const table = element("table");
    const head = element("tr");
    for (const column of columns) head.append(element("th", undefined, column));
    table.append(element("thead"));
    table.tHead!.append(head);
    const body = element("tbody");
    for (const row of rows) {
      const tr = element("tr");
      for (const cell of row) tr.append(element("td", undefined, cell));
      body.append(tr);
    }
    table.append(body);
    wrap.append(table);
    return wrap;
  }

  private renderError(report: ErrorReport): HTMLElement {
    const box = element("div", `out-error out-error-${report.kind}`);
    box.setAttribute("role", "alert");
    box.append(element("p", "out-error-message", this.messageOf(report)));
    if (report.line !== undefined) {
      box.append(element("p", "out-error-where", this.t("errorAt", { cell: report.cell ?? "", line: report.line, column: report.column ?? 1 })));
    }
    if (report.frame) box.append(element("pre", "out-error-frame", report.frame));
    if (report.stack && report.stack.split("\n").length > 2) {
      const details = element("details", "out-error-stack");
      details.append(element("summary", undefined, this.t("stack")), element("pre", undefined, report.stack));
      box.append(details);
    }
    return box;
  }

  /** The kernel's own messages in the page's language; an error the cell's code threw, as it was. */
  private messageOf(report: ErrorReport): string {
    if (!report.note) return report.message;
    return this.t.optional(`errors.${report.note.key}`, report.note.values) ?? report.message;
  }

  /** A value: its text, and for objects a disclosure that loads children from the kernel. */
  private renderValue(node: ValueNode): HTMLElement {
    if (node.type === "text") return element("span", "value-text", node.text);
    const details = element("details", "value");
    const summary = element("summary", "value-summary", node.text);
    details.append(summary);
    const children = element("div", "value-children");
    details.append(children);
    let loaded = false;
    details.addEventListener("toggle", () => {
      if (!details.open || loaded) return;
      loaded = true;
      void this.load(node.ref, 0, children);
    });
    return details;
  }

  private async load(ref: number, from: number, into: HTMLElement): Promise<void> {
    const expansion = await this.expander(ref, from);
    if (!expansion) {
      into.append(element("p", "value-gone", this.t("valueGone")));
      return;
    }
    for (const entry of expansion.entries) {
      const row = element("div", "value-entry");
      row.append(element("span", "value-key", `${entry.key}${entry.key.endsWith("=>") ? " " : ": "}`));
      row.append(entry.value.type === "text" ? element("span", "value-text", entry.value.text) : this.renderValue(entry.value));
      into.append(row);
    }
    if (expansion.next !== null) {
      const more = element("button", "value-more", this.t("showMore", { count: expansion.total - expansion.next }));
      more.type = "button";
      more.addEventListener("click", () => {
        more.remove();
        void this.load(ref, expansion.next!, into);
      });
      into.append(more);
    }
  }
}
