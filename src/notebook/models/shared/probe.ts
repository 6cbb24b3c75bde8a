/**
 * Two small questions asked over the network. `listModels`: does a base URL
 * answer `GET /models` like an OpenAI-compatible server (this site's server
 * answers it when run with `npm start`; a static host does not)?
 * `reachable`: after a fetch failed, can the server be reached at all? A
 * `no-cors` request needs no permission from the server, so when it gets an
 * answer while the real request failed, the server refused this page's
 * origin (CORS) rather than being down.
 *
 * @example
 * const listed = await listModels(fetch, "http://127.0.0.1:4321/v1");
 * listed.ok && listed.models.map((m) => m.id) // ["carnet-tiny-demo"]
 */

export interface ListedModel {
  id: string;
  demo?: boolean;
}

export type ModelList =
  | { ok: true; models: ListedModel[] }
  | { ok: false; status?: number; body?: string; retryAfter?: string | null; error?: unknown };

type Fetch = typeof fetch;

/** `GET <base>/models`, with an optional key, within `timeoutMs`. */
export async function listModels(fetchFn: Fetch, base: string, options: { key?: string; timeoutMs?: number } = {}): Promise<ModelList> {
  let response: Response;
  try {
    response = await fetchFn(`${base}/models`, {
      headers: options.key ? { authorization: `Bearer ${options.key}` } : {},
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (error) {
    return { ok: false, error };
  }
  const body = await response.text().catch(() => "");
  if (!response.ok) return { ok: false, status: response.status, body, retryAfter: response.headers.get("retry-after") };
  try {
    const parsed = JSON.parse(body) as { data?: unknown };
    if (!Array.isArray(parsed.data)) throw new Error("no data list");
    const models = parsed.data
      .filter((m): m is { id: string; demo?: unknown } => !!m && typeof m === "object" && typeof (m as { id?: unknown }).id === "string")
      .map((m) => (m.demo === true ? { id: m.id, demo: true } : { id: m.id }));
    return { ok: true, models };
  } catch {
    return { ok: false, status: response.status, body: body.slice(0, 200) };
  }
}

/**
 * Whether anything answers at `url` (a `no-cors` GET, which CORS cannot
 * block). The URL itself, not its origin's root: a server's pages may be
 * marked same-origin only (Cross-Origin-Resource-Policy), its API is not.
 */
export async function reachable(fetchFn: Fetch, url: string, timeoutMs = 3000): Promise<boolean> {
  try {
    await fetchFn(url, { mode: "no-cors", cache: "no-store", signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}
