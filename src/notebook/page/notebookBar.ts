/**
 * The notebook bar above a lesson's first cell: the kernel's state in the
 * page's language, the Stop button (enabled while the kernel is busy) and
 * the live region that announces a stop or a restart. A page without a
 * bar gets one that does nothing.
 *
 * @example
 * const bar = new NotebookBar(document, t, kernel);
 * bar.announce(t("restartedAnnouncement"));
 */
import type { KernelClient, KernelState } from "./kernelClient.ts";
import type { Strings } from "./strings.ts";

export class NotebookBar {
  private readonly root: HTMLElement | null;
  private readonly stateText: HTMLElement | null | undefined;
  private readonly stopButton: HTMLButtonElement | null | undefined;
  private readonly kernel: Pick<KernelClient, "busy" | "state" | "onState">;
  private readonly t: Strings;

  constructor(doc: Document, t: Strings, kernel: Pick<KernelClient, "busy" | "state" | "onState">) {
    this.root = doc.querySelector<HTMLElement>("[data-notebook-bar]");
    this.stateText = this.root?.querySelector<HTMLElement>("[data-kernel-state]");
    this.stopButton = this.root?.querySelector<HTMLButtonElement>("[data-action=stop-all]");
    this.kernel = kernel;
    this.t = t;
    kernel.onState((state) => this.showState(state));
    this.showState(kernel.state);
  }

  private showState(state: KernelState): void {
    if (this.stateText) this.stateText.textContent = this.t(`state.${state}`);
    this.root?.setAttribute("data-state", state);
    this.stopFollowsKernel();
  }

  /** A cell started: Stop has something to stop. */
  cellStarted(): void {
    if (this.stopButton) this.stopButton.disabled = false;
  }

  /** Stop is enabled exactly while the kernel is busy. */
  stopFollowsKernel(): void {
    if (this.stopButton) this.stopButton.disabled = !this.kernel.busy;
  }

  announce(text: string): void {
    const live = this.root?.querySelector<HTMLElement>("[data-kernel-notice]");
    if (live) live.textContent = text;
  }
}
