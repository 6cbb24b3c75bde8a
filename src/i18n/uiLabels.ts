/**
 * The interface labels a lesson may name (buttons and panels a reader
 * presses), and where a lesson quotes one: `<UiLabel name="…" />` in MDX.
 * Used by the component that renders them and by the check that finds a
 * control named in quotes with another language's or an outdated label.
 *
 * @example
 * uiLabelKeys.includes("notebook.run") // true
 */
import type { UiKey } from "./uiKeys.ts";

export const uiLabelKeys: readonly UiKey[] = [
  "notebook.run",
  "notebook.runAll",
  "notebook.restart",
  "notebook.stop",
  "notebook.stopAll",
  "notebook.reset",
  "cell.copy",
  "settings.open",
  "settings.huggingface.label",
  "settings.site.label",
  "settings.custom.label",
  "settings.browser.label",
  "settings.browser.browserModel",
  "settings.browser.download",
  "settings.browser.delete",
  "settings.save",
];

/** Whether a name is one of the control labels a lesson may name. */
export function isUiLabelKey(name: string): name is UiKey {
  return (uiLabelKeys as readonly string[]).includes(name);
}

/** Looks a dotted key up in a locale's strings. */
export function labelIn(strings: Record<string, unknown>, key: string): string | undefined {
  let value: unknown = strings;
  for (const part of key.split(".")) value = (value as Record<string, unknown> | undefined)?.[part];
  return typeof value === "string" ? value : undefined;
}
