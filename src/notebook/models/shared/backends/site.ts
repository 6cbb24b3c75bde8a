/**
 * This site's own server (`npm start`): the OpenAI-compatible API under the
 * site's root URL (its base path included). Offered when `<site>/v1/models`
 * answers; the reader's Hugging Face token is never sent to it.
 *
 * @example
 * site.resolve({}, "http://127.0.0.1:4321/course") // { kind: "site", base: "http://127.0.0.1:4321/course/v1", origin: "http://127.0.0.1:4321" }
 */
import type { BackendType } from "../backend.ts";

export const site: BackendType = {
  kind: "site",
  settings: [],
  needsSite: true,
  resolve: (_values, site) => ({ kind: "site", base: `${site}/v1`, origin: new URL(site).origin }),
};
