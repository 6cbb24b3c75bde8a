/**
 * The kernel's side of the browser engine: a `fetch` for the model client
 * that sends its chat request to the page (where the one engine lives) and
 * turns the page's events back into an HTTP-shaped answer — a server-sent
 * event stream for `chatCompletionStream`, one JSON body for
 * `chatCompletion` — so the client and the routing treat it like any
 * other backend. Waiting, download and loading events go to `onStatus`.
 * Aborting the request's signal cancels the generation in the page.
 *
 * @example
 * const link = new EngineLink((message) => port.postMessage(message));
 * const response = await link.fetch("", { method: "POST", body }, "carnet-tiny-demo", (status) => report(status));
 */
import type { FromKernel } from "../../protocol.ts";
import type { EngineEvent, EngineProblemCode } from "../shared/browser/engineMessages.ts";

/** A failure the page reported, with the problem code it explains. */
export class EngineError extends Error {
  readonly code: EngineProblemCode;
  readonly event: Extract<EngineEvent, { type: "error" }>;
  constructor(event: Extract<EngineEvent, { type: "error" }>) {
    super(event.detail ? `the engine in this browser failed (${event.code}): ${event.detail}` : `the engine in this browser failed (${event.code})`);
    this.name = "EngineError";
    this.code = event.code;
    this.event = event;
  }
}

/** What happens before the answer, and `answering` once a non-streamed answer's tokens flow. */
export type EngineStatus = Extract<EngineEvent, { type: "waiting" | "consent" | "download" | "loading" }> | { type: "answering" };

const encoder = new TextEncoder();

interface Pending {
  onEvent(event: EngineEvent): void;
}

export class EngineLink {
  private readonly post: (message: FromKernel) => void;
  private readonly pending = new Map<number, Pending>();
  private next = 1;

  constructor(post: (message: FromKernel) => void) {
    this.post = post;
  }

  /** An event from the page for one request. */
  receive(request: number, event: EngineEvent): void {
    this.pending.get(request)?.onEvent(event);
  }

  fetch(init: RequestInit | undefined, model: string, onStatus: (status: EngineStatus) => void): Promise<Response> {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(typeof init?.body === "string" ? init.body : "{}") as Record<string, unknown>;
    } catch {
      return Promise.resolve(Response.json({ error: "the request body is not JSON" }, { status: 400 }));
    }
    const streaming = body.stream === true;
    const options = body.stream_options as { include_usage?: unknown } | undefined;
    const includeUsage = streaming && options?.include_usage === true;
    const request = this.next++;
    const signal = init?.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
      let answered = false;
      const text: string[] = [];
      let last: { model?: unknown; choices?: { finish_reason?: unknown }[] } | undefined;
      let tokens = 0;
      let head: Extract<EngineEvent, { type: "head" }> | undefined;

      const finish = () => {
        this.pending.delete(request);
        signal?.removeEventListener("abort", abort);
      };
      const abort = () => {
        this.post({ type: "engineCancel", request });
        finish();
        const reason = signal?.reason ?? new DOMException("The operation was aborted.", "AbortError");
        if (controller) controller.error(reason);
        else reject(reason);
      };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener("abort", abort, { once: true });

      const headers = () => ({
        "content-type": streaming ? "text/event-stream" : "application/json",
        "x-served-model": head!.served,
        ...(head!.requested ? { "x-requested-model": head!.requested } : {}),
        ...(head!.demo ? { "x-demo-model": "true" } : {}),
      });

      this.pending.set(request, {
        onEvent: (event) => {
          switch (event.type) {
            case "waiting":
            case "consent":
            case "download":
            case "loading":
              onStatus(event);
              break;
            case "head":
              head = event;
              if (streaming) {
                answered = true;
                const stream = new ReadableStream<Uint8Array>({
                  start: (c) => {
                    controller = c;
                  },
                  cancel: () => abort(),
                });
                resolve(new Response(stream, { status: 200, headers: headers() }));
              }
              break;
            case "chunk": {
              const chunk = event.chunk as { model?: unknown; choices?: { delta?: { content?: unknown }; finish_reason?: unknown }[] };
              if (streaming) controller?.enqueue(encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`));
              else {
                const piece = chunk.choices?.[0]?.delta?.content;
                if (typeof piece === "string") text.push(piece);
                last = chunk;
              }
              if (typeof chunk.choices?.[0]?.delta?.content === "string" && chunk.choices[0].delta.content !== "") {
                if (tokens === 0 && !streaming) onStatus({ type: "answering" });
                tokens++;
              }
              break;
            }
            case "end": {
              finish();
              const usage = event.usage ?? { prompt_tokens: 0, completion_tokens: tokens, total_tokens: tokens };
              if (streaming) {
                if (includeUsage) {
                  const counts = { id: `browser-${request}`, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: head?.served ?? "", choices: [], usage };
                  controller?.enqueue(encoder.encode(`data: ${JSON.stringify(counts)}\n\n`));
                }
                controller?.enqueue(encoder.encode("data: [DONE]\n\n"));
                controller?.close();
              } else {
                const reason = last?.choices?.[0]?.finish_reason;
                resolve(
                  new Response(
                    JSON.stringify({
                      id: `browser-${request}`,
                      object: "chat.completion",
                      created: Math.floor(Date.now() / 1000),
                      model: head?.served ?? "",
                      choices: [{ index: 0, message: { role: "assistant", content: text.join("") }, finish_reason: typeof reason === "string" ? reason : "stop" }],
                      usage,
                    }),
                    { status: 200, headers: headers() },
                  ),
                );
              }
              break;
            }
            case "error":
              finish();
              if (answered && controller) controller.error(new EngineError(event));
              else reject(new EngineError(event));
              break;
          }
        },
      });
      this.post({ type: "engine", request, body: { model, body } });
    });
  }
}
