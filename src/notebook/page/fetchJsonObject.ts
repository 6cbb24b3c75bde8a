/**
 * Fetches one of the site's JSON files that a page loads on intent
 * (compiled cells, the notebook's strings, the model data) and gives its
 * object, or `undefined` when anything goes wrong: no address, no network,
 * an error status, not JSON, not an object. Callers fall back on their own.
 *
 * @example
 * const table = await fetchJsonObject(bar.dataset.strings); // { runAll: "Run all", … } or undefined
 */
export async function fetchJsonObject(href: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (!href) return undefined;
  try {
    const response = await fetch(href);
    const data: unknown = response.ok ? await response.json() : undefined;
    return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
