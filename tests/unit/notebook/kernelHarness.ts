/**
 * Runs cells in Node the way the kernel worker runs them in the browser:
 * the same `Kernel` class and module loader, errors from timers and
 * unawaited promises reported to the kernel, and every message collected.
 * `compiled: "build"` gives each run its compiled form as the build ships
 * it (through JSON), with a compiler that fails if anything asks for it.
 */
import { Kernel, outputText } from "../../../src/notebook/kernel/kernel.ts";
import { compileSource } from "../../../src/notebook/kernel/compileSource.ts";
import { createModuleLoader } from "../../../src/notebook/kernel/modules.ts";
import type { CompiledBy, ErrorReport, FromKernel, OutputItem } from "../../../src/notebook/protocol.ts";

export interface HarnessResult {
  stdout: string;
  stderr: string;
  /** The error that stopped the run, if one did. */
  error?: ErrorReport;
  messages: FromKernel[];
}

/** A kernel as the worker makes it, collecting its messages; `run` gives each cell its shipped form when `compiled` is "build". */
export function harnessKernel(compiled: CompiledBy) {
  const messages: FromKernel[] = [];
  const env: Record<string, string> = {};
  const kernel = new Kernel({
    post: (message) => messages.push(message),
    loadModule: createModuleLoader({ "@huggingface/inference": () => import("@huggingface/inference") }, env),
    env,
    compiler: compiled === "browser" ? async () => compileSource : () => Promise.reject(new Error("the compiler was loaded for build-compiled code")),
  });
  const run = (run: number, cell: string, code: string) =>
    kernel.run(run, cell, code, compiled === "build" ? JSON.parse(JSON.stringify(compileSource(code))) : undefined);
  return { kernel, messages, run };
}

/** Runs cells in order, stopping at the first error (Run all), then waits for timers the cells set. */
export async function runCells(cells: readonly string[], compiled: CompiledBy = "browser"): Promise<HarnessResult> {
  const { kernel, messages, run } = harnessKernel(compiled);
  const onRejection = (reason: unknown) => kernel.reportUncaught(reason, "unhandled");
  process.on("unhandledRejection", onRejection);
  let error: ErrorReport | undefined;
  try {
    for (const [index, code] of cells.entries()) {
      await run(index + 1, `cell-${index + 1}`, code);
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
