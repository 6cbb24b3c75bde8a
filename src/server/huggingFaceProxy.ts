/**
 * Forwards a chat request for a model not served here to the Hugging Face
 * router with the server's own HF_TOKEN. The reply (JSON or a stream of
 * events) passes through as it arrives; the token stays on the server; a
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

/** The router path for a request path: provider-prefixed paths keep their provider. */
export function upstreamPath(path: string): string {
  if (path === "/v1/chat/completions" || path === "/chat/completions") return "/v1/chat/completions";
  if (path.startsWith("/models/")) return `/hf-inference${path}`;
  return path;
}

export type ProxiedReply = { status: number; headers: Record<string, string>; body: Readable };

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
  try {
    upstream = await fetch(`${options.routerUrl}${upstreamPath(options.path)}`, {
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
  const body = upstream.body ? Readable.fromWeb(upstream.body as WebReadableStream) : Readable.from([]);
  return { status: upstream.status, headers, body };
}
