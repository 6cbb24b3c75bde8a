/**
 * Progress for long commands. On a terminal, one line on stderr is redrawn
 * in place (what is running and for how long); lines that stay are printed
 * above it. Piped or in CI, the live line is not drawn and only the lines
 * that stay are printed, one per event. Our own, not a spinner library:
 * one redrawn line is all the commands need.
 *
 * @example
 * const status = statusLine();
 * status.running("translating #intro");   // "translating #intro… 3 s", redrawn every second
 * status.print("[1/3] #intro ok in 4.2 s");
 * status.clear();
 */
import { isInteractive } from "./terminal.ts";

export type StatusLine = {
  /** Replaces the live line (terminal only). */
  set: (text: string) => void;
  /** Shows `text… N s`, counting seconds until the next set, running or clear. */
  running: (text: string) => void;
  /** Prints a line that stays, on stdout, above the live line. */
  print: (line: string) => void;
  /** Removes the live line. */
  clear: () => void;
};

type Output = { isTTY?: boolean; columns?: number; write: (text: string) => unknown };

export function statusLine(options: { stream?: Output; stdout?: Output; interactive?: boolean } = {}): StatusLine {
  const stream = options.stream ?? process.stderr;
  const stdout = options.stdout ?? process.stdout;
  const interactive = options.interactive ?? isInteractive(stream);
  let shown = "";
  let timer: ReturnType<typeof setInterval> | undefined;

  const draw = (text: string) => {
    if (!interactive) return;
    const width = Math.max(20, (stream.columns || 80) - 1);
    const chars = [...text];
    const fitted = chars.length > width ? `${chars.slice(0, width - 1).join("")}…` : text;
    stream.write(`\r\x1b[2K${fitted}`);
    shown = fitted;
  };
  const erase = () => {
    if (shown) stream.write("\r\x1b[2K");
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };

  return {
    set(text) {
      stopTimer();
      draw(text);
    },
    running(text) {
      stopTimer();
      const started = performance.now();
      const tick = () => draw(`${text}… ${Math.floor((performance.now() - started) / 1000)} s`);
      tick();
      if (interactive) {
        timer = setInterval(tick, 1000);
        timer.unref();
      }
    },
    print(line) {
      const current = shown;
      erase();
      stdout.write(`${line}\n`);
      if (current) {
        shown = "";
        draw(current);
      }
    },
    clear() {
      stopTimer();
      erase();
      shown = "";
    },
  };
}
