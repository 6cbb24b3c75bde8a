/**
 * How a kernel is given model routing (used by the kernel worker, and by
 * tests that drive a kernel in Node the same way): cells importing
 * `@huggingface/inference` get the routed client, whose reports join the
 * running cell's output; and every message to the page is masked, so the
 * reader's token or key never reaches an output.
 *
 * @example
 * const kernel = new Kernel({ post: maskedPost((m) => port.postMessage(m), env), loadModule, env, compiler });
 * routeModelsFor(kernel, { pageOrigin: location.origin, fetch });
 */
import type { Kernel } from "../../kernel/kernel.ts";
import { adaptModule } from "../../kernel/modules.ts";
import type { FromKernel, OutputItem } from "../../protocol.ts";
import { SECRET_ENV } from "../shared/backends.ts";
import type { PageChannel } from "../shared/backend.ts";
import { routeInference } from "./routedInference.ts";
import { heldTail, maskDeep, maskPieces, secretSpans } from "../shared/secrets.ts";

type LogItem = OutputItem & { kind: "log" };

/** A console line's indent (spaces the kernel put before it), which is not part of what the cell wrote. */
function indentOf(item: LogItem): string {
  return item.raw ? "" : " ".repeat(item.indent);
}

/**
 * The log items of one run that may be shown now, masked as one text, and
 * those to hold back: the end of the run's text may begin a secret that the
 * next write completes. A console line is held whole; a raw write
 * (process.stdout.write) may be split. With `final`, nothing is held.
 */
function release(pending: LogItem[], known: readonly (string | undefined)[], final: boolean): { shown: LogItem[]; held: LogItem[] } {
  if (pending.length === 0) return { shown: [], held: [] };
  const bodies = pending.map((item) => item.text.slice(item.text.startsWith(indentOf(item)) ? indentOf(item).length : 0));
  const starts: number[] = [];
  let length = 0;
  for (const body of bodies) {
    starts.push(length);
    length += body.length;
  }
  const joined = bodies.join("");
  let cut = final ? length : length - heldTail(joined, known);
  // The cut may not fall inside a secret nor inside a console line.
  const spans = final ? [] : secretSpans(joined, known);
  for (let moved = true; moved; ) {
    moved = false;
    for (const [a, b] of spans) if (a < cut && b > cut) (cut = a), (moved = true);
    const inside = starts.findIndex((s, i) => s < cut && cut < s + bodies[i]!.length);
    if (inside !== -1 && !pending[inside]!.raw) (cut = starts[inside]!), (moved = true);
  }
  const shown: LogItem[] = [];
  const held: LogItem[] = [];
  const pieces: string[] = [];
  pending.forEach((item, i) => {
    const s = starts[i]!;
    const body = bodies[i]!;
    if (s + body.length <= cut) {
      shown.push(item);
      pieces.push(body);
    } else if (s < cut) {
      shown.push(item);
      pieces.push(body.slice(0, cut - s));
      held.push({ ...item, text: body.slice(cut - s) });
    } else held.push(item);
  });
  const { texts, crossed } = maskPieces(pieces, known);
  return {
    shown: shown.map((item, i) => {
      const masked: LogItem = { ...item, text: indentOf(item) + texts[i]! };
      // The arguments of a line that holds part of a split secret would show that part: the line stays text only.
      if (crossed[i]) delete masked.values;
      return masked;
    }),
    held,
  };
}

/**
 * `post`, with secrets masked in everything it carries (the env is read at
 * each call). The log items of a run are masked as one text across writes
 * and `console.log` calls: an end that may begin a secret the next write
 * completes is held back and sent with the run's next output, or before it
 * finishes (late output is never held).
 */
export function maskedPost(post: (message: FromKernel) => void, env: Record<string, string>): (message: FromKernel) => void {
  const waiting = new Map<number, LogItem[]>();
  return (message) => {
    const known = SECRET_ENV.map((name) => env[name]);
    if (message.type === "output") {
      const items: OutputItem[] = [];
      let pending = waiting.get(message.run) ?? [];
      waiting.delete(message.run);
      for (const item of message.items) {
        if (item.kind === "log") {
          pending.push(item);
          continue;
        }
        items.push(...release(pending, known, true).shown, item);
        pending = [];
      }
      const { shown, held } = release(pending, known, message.late);
      items.push(...shown);
      if (held.length > 0) waiting.set(message.run, held);
      if (items.length > 0) post(maskDeep({ ...message, items }, known));
      return;
    }
    const run = "run" in message ? message.run : undefined;
    const rest = run === undefined ? undefined : waiting.get(run);
    if (rest && run !== undefined && message.type === "done") {
      waiting.delete(run);
      post(maskDeep({ type: "output", run, items: release(rest, known, true).shown, late: false }, known));
    }
    post(maskDeep(message, known));
  };
}

/** Registers the routed `@huggingface/inference` for cells of `kernel`. */
export function routeModelsFor(kernel: Kernel, options: { pageOrigin: string; site?: string; fetch: typeof fetch; engine?: PageChannel; defaultTimeoutMs?: number }): void {
  adaptModule("@huggingface/inference", (module, env) =>
    routeInference(module as Record<string, unknown>, env, { ...options, report: (report) => kernel.emit({ kind: "model", report }) }),
  );
}
