/**
 * Starts a kernel worker. Shared by the page's loader (which starts the
 * first one on the first interaction, while the notebook code is still
 * loading) and the notebook (which starts fresh ones after Stop or Restart).
 *
 * @example
 * const worker = startKernelWorker();
 */
export function startKernelWorker(): Worker {
  return new Worker(new URL("../kernel/kernel.worker.ts", import.meta.url), { type: "module" });
}
