/**
 * The contract between the settings panel and a backend's own page code
 * (`backends/<kind>.panel.ts`), for what plain setting fields cannot do.
 *
 * @example
 * export const section: BackendPanelFactory = (form, data, status) => ({ shown: () => status([]) });
 */
import type { Backend } from "../shared/backend.ts";
import type { ModelPageData } from "./pageData.ts";

/**
 * The page side of a backend's settings section, for what plain fields
 * cannot do (the browser engine's downloads): `backends/<kind>.panel.ts`
 * exports `section`, which the settings panel loads by that name, so the
 * kernel worker never bundles page code.
 */
export type BackendPanelFactory = (form: HTMLFormElement, data: ModelPageData, status: (lines: (string | undefined)[], ok?: boolean) => void) => BackendPanel;

export interface BackendPanel {
  /** The section was shown. */
  shown(): Promise<void> | void;
  /** The Test button for this backend (replaces the model-list test). */
  test?(backend: Backend): Promise<void>;
}
