/**
 * The OpenAI chat-completion objects this server sends: a whole completion,
 * and the `chat.completion.chunk` events of a stream, written as
 * Server-Sent Events. Chunk text is spliced into a prepared JSON frame, so
 * each token costs one string join.
 *
 * @example
 * const frames = new ChunkFrames("chatcmpl-1", "carnet-tiny-demo", true);
 * res.write(frames.role()); res.write(frames.text("Hello")); res.write(frames.finish("stop")); res.write(DONE);
 */
import { randomUUID } from "node:crypto";
import type { TokenLogprob } from "./tokenProbabilities.ts";

export type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

export const DONE = "data: [DONE]\n\n";

export function completionId(): string {
  return `chatcmpl-${randomUUID().replace(/-/g, "")}`;
}

export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

/** A non-streamed reply. */
export function chatCompletion(options: { id: string; model: string; text: string; finishReason: string; usage: Usage; logprobs?: TokenLogprob[] | undefined }) {
  return {
    id: options.id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: options.model,
    system_fingerprint: null,
    choices: [{ index: 0, message: { role: "assistant", content: options.text }, logprobs: options.logprobs ? { content: options.logprobs, refusal: null } : null, finish_reason: options.finishReason }],
    usage: options.usage,
  };
}

/** One stream's event frames. With `includeUsage`, every chunk carries `"usage": null` and a last chunk carries the usage. */
export class ChunkFrames {
  #head: string;
  #tail: string;

  constructor(id: string, model: string, includeUsage: boolean) {
    const created = Math.floor(Date.now() / 1000);
    this.#head = `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":null,"choices":`;
    this.#tail = includeUsage ? `,"usage":null}\n\n` : `}\n\n`;
  }

  role(): string {
    return `${this.#head}[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]${this.#tail}`;
  }

  /** A piece of text; with `logprobs` (even empty), the entries of its tokens. */
  text(text: string, logprobs?: TokenLogprob[]): string {
    const probabilities = logprobs ? `{"content":${JSON.stringify(logprobs)},"refusal":null}` : "null";
    return `${this.#head}[{"index":0,"delta":{"content":${JSON.stringify(text)}},"logprobs":${probabilities},"finish_reason":null}]${this.#tail}`;
  }

  finish(reason: string): string {
    return `${this.#head}[{"index":0,"delta":{},"logprobs":null,"finish_reason":${JSON.stringify(reason)}}]${this.#tail}`;
  }

  usage(usage: Usage): string {
    return `${this.#head}[],"usage":${JSON.stringify(usage)}}\n\n`;
  }
}

/** An error inside a stream, in the `{"error": "..."}` shape both official clients raise. */
export function errorFrame(message: string): string {
  return `data: ${JSON.stringify({ error: message })}\n\n`;
}
