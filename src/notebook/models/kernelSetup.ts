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
import type { Kernel } from "../kernel/kernel.ts";
import { adaptModule } from "../kernel/modules.ts";
import type { FromKernel, OutputItem } from "../protocol.ts";
import { SECRET_ENV } from "./backends.ts";
import type { EngineLink } from "./browser/engineLink.ts";
import { routeInference } from "./routedInference.ts";
import { heldTail, maskDeep } from "./secrets.ts";

/**
 * `post`, with secrets masked in everything it carries (the env is read at
 * each call). Text written without a line end may hold the start of a
 * secret that the next write completes: that end is held back and sent
 * with the run's next output, or before it finishes.
 */
export function maskedPost(post: (message: FromKernel) => void, env: Record<string, string>): (message: FromKernel) => void {
  const held = new Map<number, OutputItem & { kind: "log" }>();
  return (message) => {
    const known = SECRET_ENV.map((name) => env[name]);
    const run = "run" in message ? message.run : undefined;
    const waiting = run === undefined ? undefined : held.get(run);
    if (message.type === "output") {
      const items: OutputItem[] = [];
      let tail = waiting;
      held.delete(message.run);
      for (const item of message.items) {
        if (item.kind !== "log" || !item.raw) {
          if (tail) items.push(tail);
          tail = undefined;
          items.push(item);
          continue;
        }
        const text = (tail?.text ?? "") + item.text;
        const hold = heldTail(text, known);
        if (hold < text.length) items.push({ ...item, text: text.slice(0, text.length - hold) });
        tail = hold > 0 ? { ...item, text: text.slice(text.length - hold) } : undefined;
      }
      if (tail) held.set(message.run, tail);
      if (items.length > 0) post(maskDeep({ ...message, items }, known));
      return;
    }
    if (waiting && run !== undefined && message.type === "done") {
      held.delete(run);
      post(maskDeep({ type: "output", run, items: [waiting], late: false }, known));
    }
    post(maskDeep(message, known));
  };
}

/** Registers the routed `@huggingface/inference` for cells of `kernel`. */
export function routeModelsFor(kernel: Kernel, options: { pageOrigin: string; site?: string; fetch: typeof fetch; engine?: EngineLink; defaultTimeoutMs?: number }): void {
  adaptModule("@huggingface/inference", (module, env) =>
    routeInference(module as Record<string, unknown>, env, { ...options, report: (report) => kernel.emit({ kind: "model", report }) }),
  );
}
