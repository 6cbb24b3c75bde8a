/**
 * A download progress bar on stderr: redrawn in place on a terminal (at most
 * ten times a second), one line per tenth otherwise (piped, CI).
 *
 * @example
 * const bar = progressBar("SmolLM2-360M-Instruct-Q8_0.gguf");
 * bar.update(1_000_000, 386_000_000);
 * bar.done();
 */
import { statusLine } from "./statusLine.ts";
import { isInteractive } from "./terminal.ts";

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

export function progressBar(
  label: string,
  stream: { isTTY?: boolean; columns?: number; write: (text: string) => unknown } = process.stderr,
  interactive = isInteractive(stream),
): { update: (done: number, total: number) => void; done: () => void } {
  const started = performance.now();
  const line = statusLine({ stream, stdout: stream, interactive });
  let startBytes: number | undefined;
  let lastDraw = 0;
  let lastTenth = -1;
  let drewInPlace = false;
  return {
    update(done, total) {
      startBytes ??= done;
      const fraction = total > 0 ? done / total : 0;
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? (done - startBytes) / seconds : 0;
      const text = `${label} ${(fraction * 100).toFixed(1).padStart(5)}%  ${megabytes(done)}/${megabytes(total)} MB  ${megabytes(rate)} MB/s`;
      if (interactive) {
        const now = performance.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round(fraction * width);
        line.set(`[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${text}`);
        drewInPlace = true;
      } else {
        const tenth = Math.floor(fraction * 10);
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        stream.write(`${text}\n`);
      }
    },
    done() {
      if (drewInPlace) stream.write("\n");
      drewInPlace = false;
    },
  };
}
