/**
 * This site's own server (`npm start`): the OpenAI-compatible API at the
 * page's origin. Offered when that origin answers /v1/models; the reader's
 * Hugging Face token is never sent to it.
 *
 * @example
 * site.resolve({}, "http://127.0.0.1:4321") // { kind: "site", base: "http://127.0.0.1:4321/v1", origin: "http://127.0.0.1:4321" }
 */
import type { BackendType } from "../backend.ts";

export const site: BackendType = {
  kind: "site",
  settings: [],
  needsSite: true,
  resolve: (_values, pageOrigin) => ({ kind: "site", base: `${pageOrigin}/v1`, origin: pageOrigin }),
};
