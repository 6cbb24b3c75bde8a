/**
 * The body of `POST /v1/chat/completions`: its JSON schema (checked by
 * Fastify before the handler runs) and its translation into the chat
 * history and sampling options of a local model. Fields the schema does not
 * name are let through, so they reach the Hugging Face router unchanged.
 *
 * @example
 * const history = toChatHistory(body.messages); // [{ type: "user", text: "Hi" }, { type: "model", response: [] }]
 */
import type { ChatHistoryItem } from "node-llama-cpp";

export type ContentPart = { type: string; text?: string };
export type ChatMessage = { role: string; content?: string | ContentPart[] | null; name?: string };

export type ChatCompletionBody = {
  model?: string;
  messages: ChatMessage[];
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  seed?: number | null;
  stop?: string | string[] | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  n?: number | null;
  [other: string]: unknown;
};

export const roles = ["system", "developer", "user", "assistant", "tool"] as const;

export const chatCompletionBodySchema = {
  type: "object",
  required: ["messages"],
  properties: {
    model: { type: "string", minLength: 1, maxLength: 256 },
    messages: {
      type: "array",
      minItems: 1,
      maxItems: 4096,
      items: {
        type: "object",
        required: ["role"],
        properties: {
          role: { type: "string", enum: roles },
          content: {
            type: ["string", "array", "null"],
            items: {
              type: "object",
              required: ["type"],
              properties: { type: { type: "string" }, text: { type: "string" } },
            },
          },
          name: { type: "string" },
        },
      },
    },
    max_tokens: { type: ["integer", "null"], minimum: 1 },
    max_completion_tokens: { type: ["integer", "null"], minimum: 1 },
    temperature: { type: ["number", "null"], minimum: 0, maximum: 2 },
    top_p: { type: ["number", "null"], minimum: 0, maximum: 1 },
    seed: { type: ["integer", "null"] },
    stop: { type: ["string", "array", "null"], maxItems: 4, items: { type: "string", minLength: 1 } },
    stream: { type: ["boolean", "null"] },
    stream_options: { type: ["object", "null"], properties: { include_usage: { type: "boolean" } } },
    n: { type: ["integer", "null"], minimum: 1 },
  },
} as const;

/** A request a local model cannot serve as asked; `field` names the culprit. */
export class UnsupportedRequestError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "UnsupportedRequestError";
    this.field = field;
  }
}

function textOf(message: ChatMessage, index: number): string {
  const content = message.content;
  if (typeof content === "string") return content;
  if (content === null || content === undefined) {
    if (message.role === "assistant") return "";
    throw new UnsupportedRequestError(`messages[${index}].content`, "is required for this role");
  }
  return content
    .map((part, p) => {
      if (part.type !== "text" || typeof part.text !== "string") {
        throw new UnsupportedRequestError(`messages[${index}].content[${p}]`, `local models read text parts only (got type "${part.type}")`);
      }
      return part.text;
    })
    .join("");
}

/** The conversation as node-llama-cpp's chat history, ending with an empty reply to generate. */
export function toChatHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message, index) => {
    const text = textOf(message, index);
    switch (message.role) {
      case "system":
      case "developer":
        return { type: "system", text };
      case "user":
        return { type: "user", text };
      case "assistant":
        return { type: "model", response: [text] };
      default:
        throw new UnsupportedRequestError(`messages[${index}].role`, `"${message.role}" messages are not supported by local models`);
    }
  });
  history.push({ type: "model", response: [] });
  return history;
}

/** Stop sequences as a list. */
export function stopSequences(stop: ChatCompletionBody["stop"]): string[] {
  if (stop === undefined || stop === null) return [];
  return typeof stop === "string" ? (stop === "" ? [] : [stop]) : stop;
}

/** Checks the options local models do not offer. */
export function checkLocalOptions(body: ChatCompletionBody): void {
  if (body.n !== undefined && body.n !== null && body.n !== 1) throw new UnsupportedRequestError("n", "local models generate one choice (n must be 1)");
}
