/**
 * Forwards a chat request for a model not served here to the Hugging Face
 * router with the server's own HF_TOKEN. Only paths that stay on the
 * route are forwarded; only JSON and event-stream replies pass through, as
 * they arrive; the token stays on the server; a
 * 503 from upstream becomes 502, since @huggingface/inference retries 503
 * without end.
 *
 * @example
 * upstreamPath("/v1/chat/completions")                        // "/v1/chat/completions"
 * upstreamPath("/models/Qwen/Qwen2.5-7B/v1/chat/completions") // "/hf-inference/models/Qwen/Qwen2.5-7B/v1/chat/completions"
 * upstreamPath("/novita/v3/openai/chat/completions")          // unchanged
 */
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { ApiError } from "./apiErrors.ts";

/**
 * Why a request path may not be forwarded, or undefined when it may: every
 * segment, percent-decoded, must be non-empty and neither `.` nor `..`,
 * with no slash, backslash or control character inside (`%2e%2e`, `//`,
 * `%2F` and `%5C` would let a request reach other router paths with the
 * server's token).
 */
export function pathProblem(path: string): string | undefined {
  const segments = path.split("/").slice(1);
  for (const segment of segments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return "a segment is not valid percent-encoding";
    }
    if (decoded === "") return "empty segments (//) are not accepted";
    if (decoded === "." || decoded === "..") return "`.` and `..` segments are not accepted";
    if (/[/\\\u0000-\u001f\u007f]/.test(decoded)) return "an encoded slash, backslash or control character is not accepted in a segment";
  }
  return undefined;
}

/** The router path for a request path: provider-prefixed paths keep their provider. Throws 400 for a path that would leave the route. */
export function upstreamPath(path: string): string {
  const problem = pathProblem(path);
  if (problem) throw new ApiError(400, `path: ${problem}`);
  if (path === "/v1/chat/completions" || path === "/chat/completions") return "/v1/chat/completions";
  if (path.startsWith("/models/")) return `/hf-inference${path}`;
  return path;
}

/** Whether a content type is one the proxy passes on: JSON or Server-Sent Events. */
function forwardedType(contentType: string | null): "json" | "events" | undefined {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === "text/event-stream") return "events";
  return undefined;
}

export type ProxiedReply = { status: number; headers: Record<string, string>; body: Readable; kind: "json" | "events" };

const passedHeaders = ["content-type", "x-request-id", "retry-after", "cache-control"];

export async function forwardToHuggingFace(options: {
  routerUrl: string;
  token: string;
  path: string;
  body: unknown;
  stream: boolean;
  signal: AbortSignal;
}): Promise<ProxiedReply> {
  let upstream: Response;
  const url = `${options.routerUrl}${upstreamPath(options.path)}`;
  try {
    upstream = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${options.token}`,
        "content-type": "application/json",
        accept: options.stream ? "text/event-stream" : "application/json",
      },
      body: JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ApiError(502, `could not reach the Hugging Face router (${cause?.code ?? cause?.message ?? (error as Error).message})`);
  }
  const headers: Record<string, string> = {};
  for (const name of passedHeaders) {
    const value = upstream.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  if (upstream.status === 503) {
    const text = await upstream.text().catch(() => "");
    let detail = text.slice(0, 300);
    try {
      const parsed = JSON.parse(text) as { error?: unknown };
      if (typeof parsed.error === "string") detail = parsed.error;
    } catch {
      // keep the raw text
    }
    throw new ApiError(502, `the Hugging Face router is unavailable for now (503${detail ? `: ${detail}` : ""}); try again later`, {
      headers: { "retry-after": headers["retry-after"] ?? "10" },
    });
  }
  const kind = forwardedType(upstream.headers.get("content-type"));
  if (!kind) {
    await upstream.body?.cancel().catch(() => {});
    const type = (upstream.headers.get("content-type") ?? "none").slice(0, 100);
    throw new ApiError(502, `the Hugging Face router answered ${upstream.status} with content type ${type}; this server passes on JSON and event streams only`);
  }
  const body = upstream.body ? Readable.fromWeb(upstream.body as WebReadableStream) : Readable.from([]);
  return { status: upstream.status, headers, body, kind };
}
