/**
 * Ctrl+C for long commands: the first SIGINT (or SIGTERM) aborts the
 * returned signal and runs the command's clean-up, which says what was kept,
 * then the process exits 130 (143 for SIGTERM); a second one exits at once.
 * Without it Node dies mid-step, leaving browsers, servers or temp files.
 *
 * @example
 * const stop = onInterrupt(async () => { await browser.close(); console.error("Stopped; nothing written."); });
 * await download({ signal: stop.signal });
 * stop.dispose();
 */
export type Interrupt = { signal: AbortSignal; dispose: () => void };

const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

export function onInterrupt(cleanUp: () => Promise<void> | void): Interrupt {
  const controller = new AbortController();
  let stopping = false;
  const handler = (signal: keyof typeof exitCodes) => {
    if (stopping) process.exit(exitCodes[signal]);
    stopping = true;
    process.stderr.write("\n");
    controller.abort(new Error(`stopped by ${signal}`));
    Promise.resolve()
      .then(cleanUp)
      .catch((error: unknown) => process.stderr.write(`While stopping: ${(error as Error).message}\n`))
      .finally(() => process.exit(exitCodes[signal]));
  };
  const onSigint = () => handler("SIGINT");
  const onSigterm = () => handler("SIGTERM");
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigterm);
    },
  };
}
