/**
 * Draws one token's probabilities (a `distribution` output item) as a small
 * horizontal bar chart in SVG: one bar per alternative, most likely first,
 * the chosen token highlighted and named. Percentages are formatted for the
 * page's language; tokens are shown visibly (a space as ␣, a line end as ⏎,
 * control and direction characters by their code), cut when very long, and
 * always as text nodes. On a right-to-left page the chart is mirrored. The
 * SVG is an image whose label says the whole chart in words.
 *
 * @example
 * root.append(distributionChart(item, t, { locale: "fr", rtl: false }));
 */
import type { OutputItem } from "../protocol.ts";
import type { Strings } from "./strings.ts";

type Distribution = Extract<OutputItem, { kind: "distribution" }>;

export interface ChartRow {
  /** The token as shown. */
  label: string;
  probability: number;
  /** Formatted for the page's language. */
  percent: string;
  chosen: boolean;
}

const SVG = "http://www.w3.org/2000/svg";
/** Characters of a token shown in the chart (the text alternative has the same cut). */
const LABEL_CHARS = 24;
const VISIBLE: Record<string, string> = { " ": "␣", "\n": "⏎", "\r": "↵", "\t": "⇥", "\u00a0": "⍽" };
/** Control characters, and marks that change the direction or join of what follows. */
const INVISIBLE = /[\p{Cc}\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

/** A token as the reader can see it: spaces, line ends and invisible characters made visible, cut past `LABEL_CHARS`. */
export function visibleToken(token: string): string {
  if (token === "") return "∅";
  const shown: string[] = [];
  let count = 0;
  for (const char of token) {
    if (count === LABEL_CHARS) {
      shown.push("…");
      break;
    }
    count++;
    const code = char.codePointAt(0)!;
    shown.push(VISIBLE[char] ?? (INVISIBLE.test(char) ? `⟨U+${code.toString(16).toUpperCase().padStart(4, "0")}⟩` : char));
  }
  return shown.join("");
}

/** The chart's rows: the alternatives, then the chosen token if it is not among them; the first row equal to it is the chosen one. */
export function chartRows(item: Distribution, locale: string): ChartRow[] {
  const format = (p: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: p === 0 || p >= 0.01 ? 1 : 3 }).format(p);
  const listed = item.alternatives.some((a) => a.token === item.chosen.token);
  const rows = listed ? item.alternatives : [...item.alternatives, item.chosen];
  let marked = false;
  return rows.map((row) => {
    const probability = Math.exp(row.logprob);
    const chosen = !marked && row.token === item.chosen.token;
    if (chosen) marked = true;
    return { label: visibleToken(row.token), probability, percent: format(probability), chosen };
  });
}

/** A rough width of a label in the chart's font (wide characters count double), to squeeze the longest ones into their column. */
function labelWidthOf(label: string): number {
  let units = 0;
  for (const char of label) units += /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Extended_Pictographic}\uff00-\uffef]/u.test(char) ? 2 : 1;
  return units * 7.5;
}

function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The figure: a caption naming the chosen token, and the chart as an image with its text alternative. */
export function distributionChart(item: Distribution, t: Strings, options: { locale: string; rtl: boolean }): HTMLElement {
  const rows = chartRows(item, options.locale);
  const chosen = rows.find((r) => r.chosen)!;
  const figure = document.createElement("figure");
  figure.className = "out-distribution";
  const caption = document.createElement("figcaption");
  // The token and number are isolated, so that a left-to-right token keeps its place in a right-to-left sentence and the other way round.
  caption.textContent = t("distribution.caption", { token: isolate(chosen.label), percent: isolate(chosen.percent) });

  const list = new Intl.ListFormat(options.locale, { type: "unit", style: "short" });
  const summary = t("distribution.summary", {
    list: list.format(rows.map((r) => t(r.chosen ? "distribution.chosenItem" : "distribution.item", { token: r.label, percent: r.percent }))),
  });

  const rowHeight = 22;
  const labelWidth = 150;
  const barWidth = 220;
  const width = labelWidth + barWidth + 150;
  const height = rows.length * rowHeight + 4;
  // Positions from the label's side: mirrored on a right-to-left page.
  const x = (offset: number) => (options.rtl ? width - offset : offset);
  const away = options.rtl ? "start" : "end";
  const toward = options.rtl ? "end" : "start";
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": summary, class: "out-distribution-svg" });
  rows.forEach((row, i) => {
    const y = i * rowHeight + 2;
    const length = Math.max(1, row.probability * barWidth);
    const group = svg("g", { class: row.chosen ? "dist-row dist-chosen" : "dist-row" });
    const fit: Record<string, string | number> = labelWidthOf(row.label) > labelWidth - 12 ? { textLength: labelWidth - 12, lengthAdjust: "spacingAndGlyphs" } : {};
    group.append(
      svg("text", { class: "dist-label", x: x(labelWidth - 8), y: y + rowHeight / 2 + 4, "text-anchor": away, ...fit }, row.label),
      svg("rect", { class: "dist-bar", x: options.rtl ? width - labelWidth - length : labelWidth, y: y + 4, width: length, height: rowHeight - 8, rx: 2 }),
      svg("text", { class: "dist-value", x: x(labelWidth + length + 6), y: y + rowHeight / 2 + 4, "text-anchor": toward }, row.chosen ? `${row.percent} · ${t("distribution.chosen")}` : row.percent),
    );
    chart.append(group);
  });
  figure.append(caption, chart);
  return figure;
}
