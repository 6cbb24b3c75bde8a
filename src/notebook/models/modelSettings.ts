/**
 * The model settings' always-loaded part, kept small: it gives each new
 * kernel the reader's settings as `process.env` before the first cell runs
 * (the notebook announces its kernel with a `carnet:kernel` event), and
 * loads the settings panel when the reader points at or opens it.
 */
import type { KernelClient } from "../page/kernelClient.ts";
import { kernelEnv, loadSettings } from "./settingsStore.ts";

document.addEventListener("carnet:kernel", (event) => {
  (event as CustomEvent<KernelClient>).detail.setEnv(kernelEnv(loadSettings()));
});

const loadPanel = () => import("./settingsPanel.ts");

for (const button of document.querySelectorAll<HTMLButtonElement>("[data-settings-open]")) {
  button.addEventListener("pointerenter", () => void loadPanel(), { once: true });
  button.addEventListener("click", () => {
    void loadPanel().then((panel) => panel.openSettings());
  });
}
