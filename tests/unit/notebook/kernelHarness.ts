/**
 * Runs cells in Node the way the kernel worker runs them in the browser:
 * the same `Kernel` class and module loader, errors from timers and
 * unawaited promises reported to the kernel, and every message collected.
 */
import { Kernel, outputText } from "../../../src/notebook/kernel/kernel.ts";
import { createModuleLoader } from "../../../src/notebook/kernel/modules.ts";
import type { ErrorReport, FromKernel, OutputItem } from "../../../src/notebook/protocol.ts";

export interface HarnessResult {
  stdout: string;
  stderr: string;
  /** The error that stopped the run, if one did. */
  error?: ErrorReport;
  messages: FromKernel[];
}

/** Runs cells in order, stopping at the first error (Run all), then waits for timers the cells set. */
export async function runCells(cells: readonly string[]): Promise<HarnessResult> {
  const messages: FromKernel[] = [];
  const env: Record<string, string> = {};
  const kernel = new Kernel({
    post: (message) => messages.push(message),
    loadModule: createModuleLoader({ "@huggingface/inference": () => import("@huggingface/inference") }, env),
    env,
  });
  const onRejection = (reason: unknown) => kernel.reportUncaught(reason, "unhandled");
  process.on("unhandledRejection", onRejection);
  let error: ErrorReport | undefined;
  try {
    for (const [index, code] of cells.entries()) {
      await kernel.run(index + 1, `cell-${index + 1}`, code);
      const done = messages.findLast((m) => m.type === "done");
      if (done?.type === "done" && !done.ok) {
        error = done.error;
        break;
      }
    }
    await kernel.whenTimersDone();
    kernel.flush();
  } finally {
    process.off("unhandledRejection", onRejection);
  }
  const items: OutputItem[] = messages.flatMap((m) => (m.type === "output" ? m.items : []));
  return { ...outputText(items), error, messages };
}
