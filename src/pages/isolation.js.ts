/**
 * The service worker that makes a static deploy cross-origin isolated
 * (`coi-serviceworker`: it adds COOP/COEP to the site's own responses), so
 * the browser engine can use several threads where the host sends no such
 * headers. Served from the site's root, so its scope is the site and
 * nothing outside it; registered by the engine host on first use.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export function GET(): Response {
  const file = createRequire(import.meta.url).resolve("coi-serviceworker/coi-serviceworker.min.js");
  return new Response(readFileSync(file, "utf8"), { headers: { "content-type": "text/javascript; charset=utf-8" } });
}
