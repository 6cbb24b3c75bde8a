/**
 * Build side of the notebook: the data a page ships for one cell, its
 * code's fingerprint and its compiled form (kernel/compileSource.ts), as
 * JSON safe inside a `<script>` element. Compiled once per distinct code in
 * a build, so a lesson's translations, which share their code, share the
 * work. `cellCode` reads the code back from the cell's highlighted HTML,
 * exactly as the browser's `textContent` of the `<pre>` gives it.
 *
 * @example
 * const code = cellCode(await Astro.slots.render("default"));
 * <script type="application/json" data-compiled set:html={compiledCellData(code)} />
 */
import { compileSource } from "./kernel/compileSource.ts";
import { sourceHash } from "./page/sourceHash.ts";

const cache = new Map<string, string>();

export function compiledCellData(code: string): string {
  let json = cache.get(code);
  if (json === undefined) {
    json = JSON.stringify({ hash: sourceHash(code), compiled: compileSource(code) }).replace(/</g, "\\u003c");
    cache.set(code, json);
  }
  return json;
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** The text of the first `<pre>` in a piece of HTML: tags removed, character references decoded; undefined without one. */
export function cellCode(html: string): string | undefined {
  const pre = /<pre\b[^>]*>([\s\S]*?)<\/pre>/i.exec(html);
  if (!pre) return undefined;
  return pre[1]!
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] !== "#") return NAMED[name.toLowerCase()] ?? entity;
      const point = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    });
}
