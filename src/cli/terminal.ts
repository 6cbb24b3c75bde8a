/**
 * What a command's output stream can show: live redrawn lines only on a
 * terminal outside CI, colour only where the stream has colours (NO_COLOR
 * and FORCE_COLOR win, as everywhere).
 *
 * @example
 * const colour = useColour(process.stdout);
 * if (isInteractive(process.stderr)) status.running("downloading");
 */
type Stream = { isTTY?: boolean; hasColors?: () => boolean };

/** Whether to draw in place: a terminal, not CI, not TERM=dumb. */
export function isInteractive(stream: Stream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== "dumb";
}

/** Whether to colour text written to `stream`. */
export function useColour(stream: Stream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return Boolean(stream.isTTY) && env.TERM !== "dumb" && (stream.hasColors?.() ?? true);
}
