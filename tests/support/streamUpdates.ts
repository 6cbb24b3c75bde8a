/**
 * Counts the visible updates of a cell's output while it runs: each time
 * its printed text grows, its length is recorded (in the page), so a test
 * can tell a streamed answer (several updates) from one printed at the end.
 *
 * @example
 * await recordStreamUpdates(page, "streaming-chat");
 * … run the cell …
 * expect((await streamUpdates(page, "streaming-chat")).length).toBeGreaterThanOrEqual(3);
 */
import type { Page } from "@playwright/test";

type Recorded = { __updates?: Record<string, number[]> };

export async function recordStreamUpdates(page: Page, cellId: string): Promise<void> {
  await page.evaluate((id) => {
    const output = document.querySelector(`#cell-${id} [data-output]`)!;
    const figure = output.closest("figure")!;
    const seen: number[] = [];
    ((window as Recorded).__updates ??= {})[id] = seen;
    new MutationObserver(() => {
      const length = output.querySelector(".out-line") ? (output.textContent ?? "").length : 0;
      if (figure.dataset.state === "running" && length > (seen.at(-1) ?? 0)) seen.push(length);
    }).observe(output, { childList: true, subtree: true, characterData: true });
  }, cellId);
}

export function streamUpdates(page: Page, cellId: string): Promise<number[]> {
  return page.evaluate((id) => (window as Recorded).__updates?.[id] ?? [], cellId);
}
