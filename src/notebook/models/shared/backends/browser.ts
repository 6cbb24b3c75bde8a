/**
 * The engine in the reader's own page (llama.cpp in WebAssembly, see
 * `../../page/browser/`): a catalogue model, downloaded with consent and kept in
 * the browser. Its requests never leave the page; `base` is only a name
 * the routing recognises, never fetched. Its settings section's own code
 * (downloads, consent, space used) is `../../page/backends/browser.panel.ts`.
 *
 * @example
 * browser.resolve({ browserModel: "smollm2-360m-instruct-q8_0" }, site) // { kind: "browser", base: `${site}/_browser-engine/v1`, origin: new URL(site).origin, model: "smollm2-360m-instruct-q8_0", inPage: true }
 */
import type { BackendType } from "../backend.ts";

export const browser: BackendType = {
  kind: "browser",
  settings: [{ name: "browserModel", env: "CARNET_BROWSER_MODEL", input: "select" }],
  resolve: (values, site) => ({ kind: "browser", base: `${site}/_browser-engine/v1`, origin: new URL(site).origin, model: values.browserModel?.trim() ?? "", inPage: true }),
};
