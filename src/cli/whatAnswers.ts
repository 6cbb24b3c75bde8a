/**
 * What answers at an address, said in a few words for an error message:
 * an OpenAI-compatible API, Astro's dev server (`npm run dev`), some other
 * web page, or nothing. Asks `/v1/models` and the root page, each with a
 * short timeout, and reads at most a few kilobytes.
 *
 * @example
 * await whatAnswers("http://127.0.0.1:4322") // "Astro's dev server (npm run dev): a web page, not the model API"
 */

/** The first bytes of a response body: enough to recognise a page, never a whole download. */
async function head(response: Response, limit = 4096): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  let text = "";
  const decoder = new TextDecoder();
  while (text.length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel().catch(() => undefined);
  return text;
}

export async function whatAnswers(origin: string, timeoutMs = 3000): Promise<string> {
  const base = origin.replace(/\/+$/, "").replace(/\/v1$/, "");
  try {
    const models = await fetch(`${base}/v1/models`, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await head(models);
    if (models.ok && /^\s*\{/.test(text) && text.includes('"data"')) return "an OpenAI-compatible API";
    const page = await fetch(`${base}/`, { signal: AbortSignal.timeout(timeoutMs) });
    const html = await head(page);
    const type = page.headers.get("content-type") ?? "no content type";
    if (/@vite\/client|name="generator" content="Astro/i.test(html) && /\/@vite\/client/.test(html)) return "Astro's dev server (npm run dev): a web page, not the model API";
    return `a server that is not an OpenAI-compatible API (GET /v1/models: HTTP ${models.status}; GET /: HTTP ${page.status}, ${type.split(";")[0]})`;
  } catch {
    return "nothing that answers HTTP";
  }
}
