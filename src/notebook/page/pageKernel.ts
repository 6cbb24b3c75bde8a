/**
 * The page's kernel, for code that loads apart from the notebook: the
 * notebook registers its kernel when it starts, and the settings panel
 * (its own chunk, loaded when the reader opens it) reads it through the
 * typed getter, to refill `process.env` or restart after a change. Only
 * what the panel needs is shared. Before the notebook starts there is no
 * kernel, and the getter says so.
 *
 * @example
 * registerPageKernel(kernel);              // notebook.ts
 * pageKernel()?.setEnv({ HF_TOKEN: token }); // settingsPanel.ts
 */
import type { KernelClient } from "./kernelClient.ts";

/** What code outside the notebook may do with the page's kernel. */
type PageKernel = Pick<KernelClient, "setEnv" | "stop">;

let current: PageKernel | undefined;

export function registerPageKernel(kernel: PageKernel): void {
  current = kernel;
}

/** The notebook's kernel, or undefined while the page has not started one. */
export function pageKernel(): PageKernel | undefined {
  return current;
}
