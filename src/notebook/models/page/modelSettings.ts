/**
 * The model settings' always-loaded part, kept to a few lines: it loads the
 * settings panel and its data (pageData.ts) when the reader points at or
 * opens it. (The notebook gives each kernel the saved settings itself,
 * when it starts.)
 */

const loadPanel = () => import("./settingsPanel.ts").then(async (panel) => (await panel.loadPanelData(), panel));

for (const button of document.querySelectorAll<HTMLButtonElement>("[data-settings-open]")) {
  button.addEventListener("pointerenter", () => void loadPanel(), { once: true });
  button.addEventListener("click", () => {
    void loadPanel().then((panel) => panel.openSettings());
  });
}
