/**
 * Rewrites one request of the model client for the chosen backend.
 * A backend without a `base` (Hugging Face): untouched. Any other: requests
 * for Hugging Face's router go to the backend's `/v1` (chat completions and
 * the model list). Whatever the backend, the reader's token goes only to
 * Hugging Face hosts: any other target loses the `Authorization` header,
 * and gets the backend's own key instead when the reader gave one (sent to
 * the backend's origin only).
 *
 * @example
 * routeRequest("https://router.huggingface.co/v1/chat/completions", new Headers(), siteBackend("http://127.0.0.1:4321"))
 * // { url: "http://127.0.0.1:4321/v1/chat/completions", headers }
 */
import { isHuggingFaceUrl, type Backend } from "../shared/backend.ts";

const ROUTER = "https://router.huggingface.co";

/** The backend URL for a Hugging Face router URL. */
export function rewriteUrl(url: string, backend: Backend): string {
  if (backend.base === undefined || !url.startsWith(`${ROUTER}/`)) return url;
  const path = url.slice(ROUTER.length).replace(/[?#].*$/, "");
  if (path.endsWith("/chat/completions")) return `${backend.base}/chat/completions`;
  if (path === "/v1/models") return `${backend.base}/models`;
  return `${backend.origin ?? new URL(backend.base).origin}${path}`;
}

/** The URL and headers to send; `headers` is changed in place. */
export function routeRequest(url: string, headers: Headers, backend: Backend): { url: string; headers: Headers } {
  const target = rewriteUrl(url, backend);
  if (!isHuggingFaceUrl(target)) {
    headers.delete("authorization");
    // The client's own User-Agent only adds a header for CORS preflights to allow.
    headers.delete("user-agent");
    if (backend.key && backend.origin && target.startsWith(`${backend.origin}/`)) {
      headers.set("authorization", `Bearer ${backend.key}`);
    }
  }
  return { url: target, headers };
}
