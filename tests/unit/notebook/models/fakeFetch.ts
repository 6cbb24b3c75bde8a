/**
 * A fetch for tests: records every request (URL, headers, body, signal)
 * and answers from a handler, so routing can be checked without a network.
 *
 * @example
 * const net = fakeFetch((req) => json({ object: "list", data: [] }));
 * await net.fetch("http://x/v1/models");
 * net.requests[0].url // "http://x/v1/models"
 */

export interface SeenRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
  mode: RequestMode | undefined;
  signal: AbortSignal | undefined;
}

export type Handler = (request: SeenRequest) => Response | Promise<Response>;

export function fakeFetch(handler: Handler): { fetch: typeof fetch; requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const request: SeenRequest = {
      url,
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? init.body : undefined,
      mode: init?.mode,
      signal: init?.signal ?? undefined,
    };
    requests.push(request);
    request.signal?.throwIfAborted();
    return handler(request);
  };
  return { fetch: fn as typeof fetch, requests };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function chatReply(model: string, text = "Hello there", completionTokens = 3): Record<string, unknown> {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model,
    system_fingerprint: null,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 5, completion_tokens: completionTokens, total_tokens: 5 + completionTokens },
  };
}

/** A Server-Sent Events answer of chat chunks, one per word, ended by [DONE]; `signal` aborts the body. */
export function sseReply(model: string, words: string[], headers: Record<string, string> = {}, signal?: AbortSignal): Response {
  const encoder = new TextEncoder();
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (signal?.aborted) {
        controller.error(signal.reason);
        return;
      }
      if (i < words.length) {
        const chunk = { id: "c", object: "chat.completion.chunk", created: 1, model, choices: [{ index: 0, delta: { content: words[i++] }, finish_reason: null }] };
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`));
      } else {
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
      }
    },
  });
  return new Response(stream, { status: 200, headers: { "content-type": "text/event-stream", ...headers } });
}
