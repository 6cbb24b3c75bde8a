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

type ContentPart = { type: string; text?: string };
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
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  [other: string]: unknown;
};

const roles = ["system", "developer", "user", "assistant", "tool"] as const;

/** The bounds a deployment may change (see settings.ts), each named after its setting. */
export type ChatLimits = {
  /** BODY_LIMIT_BYTES: every free text (message content, tool arguments, descriptions, URLs). */
  textChars: number;
  /** MAX_MESSAGES */
  messages: number;
  /** MAX_STOP_CHARS */
  stopChars: number;
  /** MAX_TOOLS */
  tools: number;
  /** MAX_JSON_DEPTH: nesting of free-form JSON (tool parameters, JSON schemas, fields this server does not read). */
  jsonDepth: number;
};

/** Bounds that are the OpenAI API's own and no setting changes. */
export const fixedLimits = {
  nameChars: 256,
  wordChars: 64,
  contentParts: 256,
  stopItems: 4,
  toolCalls: 128,
  logitBias: 300,
  jsonItems: 1024,
  jsonProperties: 256,
} as const;

export const defaultChatLimits: ChatLimits = { textChars: 1_048_576, messages: 256, stopChars: 256, tools: 128, jsonDepth: 32 };

/** The bounds a server's settings give. */
export function chatLimitsOf(settings: { bodyLimitBytes: number; maxMessages: number; maxStopChars: number; maxTools: number; maxJsonDepth: number }): ChatLimits {
  return { textChars: settings.bodyLimitBytes, messages: settings.maxMessages, stopChars: settings.maxStopChars, tools: settings.maxTools, jsonDepth: settings.maxJsonDepth };
}

/** The deepest nesting a whole body may have: free-form JSON sits at most 8 levels below the top. */
export function bodyDepthLimit(limits: ChatLimits): number {
  return limits.jsonDepth + 8;
}

type BoundKeyword = "maxLength" | "maxItems" | "type";

/**
 * Marks which setting changes which bound of a schema node, in its
 * `$comment` (Ajv ignores it): `"maxLength=MAX_STOP_CHARS"`. Bounds a node
 * does not name there are fixed.
 */
function changedBy(settings: Partial<Record<BoundKeyword, string>>): { $comment: string } {
  return { $comment: Object.entries(settings).map(([keyword, setting]) => `${keyword}=${setting}`).join(" ") };
}

/** The setting a node's `$comment` names for `keyword`, if any. */
export function settingOfBound(node: { $comment?: unknown } | undefined, keyword: string): string | undefined {
  const comment = typeof node?.$comment === "string" ? node.$comment : "";
  return new RegExp(`(?:^| )${keyword}=([A-Z_]+)`).exec(comment)?.[1];
}

/** Ajv-friendly names of the free-form JSON levels: `json0` holds scalars only. */
const level = (n: number) => `json${n}`;

/**
 * Free-form JSON at most `depth` levels deep: `json<n>` may hold arrays and
 * objects whose members are `json<n-1>`; `json0` only scalars. Each level is
 * its own definition, so the compiled validator grows with the depth, not
 * with its square.
 */
function jsonLevels(limits: ChatLimits): Record<string, object> {
  const scalar = ["string", "number", "boolean", "null"];
  const defs: Record<string, object> = { json0: { type: scalar, maxLength: limits.textChars, ...changedBy({ type: "MAX_JSON_DEPTH", maxLength: "BODY_LIMIT_BYTES" }) } };
  for (let n = 1; n <= limits.jsonDepth; n++) {
    const inner = { $ref: `#/$defs/${level(n - 1)}` };
    defs[level(n)] = {
      type: [...scalar, "array", "object"],
      maxLength: limits.textChars,
      maxItems: fixedLimits.jsonItems,
      maxProperties: fixedLimits.jsonProperties,
      propertyNames: { maxLength: fixedLimits.nameChars },
      items: inner,
      additionalProperties: inner,
      ...changedBy({ maxLength: "BODY_LIMIT_BYTES" }),
    };
  }
  return defs;
}

/**
 * The JSON schema of a chat request: every string, array and object in it
 * has a bound, free-form values included (`additionalProperties` are JSON
 * at most MAX_JSON_DEPTH levels deep), so nothing a client sends costs more
 * than those bounds allow. `$comment` names the setting that changes a
 * node's bound (none: a fixed bound).
 */
export function chatCompletionBodySchema(limits: ChatLimits = defaultChatLimits) {
  const json = (depth: number) => ({ $ref: `#/$defs/${level(Math.max(0, Math.min(depth, limits.jsonDepth)))}` });
  const free = json(limits.jsonDepth);
  const text = { type: "string", maxLength: limits.textChars, ...changedBy({ maxLength: "BODY_LIMIT_BYTES" }) };
  const name = { type: "string", maxLength: fixedLimits.nameChars };
  const word = { type: "string", maxLength: fixedLimits.wordChars };
  const object = (properties: Record<string, object>, extra: object = {}) => ({
    type: "object",
    maxProperties: fixedLimits.jsonProperties,
    propertyNames: { maxLength: fixedLimits.nameChars },
    properties,
    additionalProperties: json(limits.jsonDepth - 2),
    ...extra,
  });
  const part = object(
    { type: word, text, image_url: object({ url: text, detail: word }) },
    { required: ["type"] },
  );
  const toolCall = object({ id: name, type: word, function: object({ name, arguments: text }) });
  const message = object(
    {
      role: { type: "string", enum: roles },
      content: { type: ["string", "array", "null"], maxLength: limits.textChars, maxItems: fixedLimits.contentParts, items: part, ...changedBy({ maxLength: "BODY_LIMIT_BYTES" }) },
      name,
      tool_call_id: name,
      tool_calls: { type: "array", maxItems: fixedLimits.toolCalls, items: toolCall },
    },
    { required: ["role"] },
  );
  const tool = object({ type: word, function: object({ name, description: text, parameters: json(limits.jsonDepth - 4), strict: { type: "boolean" } }) });
  const penalty = { type: ["number", "null"], minimum: -2, maximum: 2 };
  return {
    type: "object",
    required: ["messages"],
    $defs: jsonLevels(limits),
    maxProperties: fixedLimits.jsonProperties,
    propertyNames: { maxLength: fixedLimits.nameChars },
    properties: {
      model: { type: "string", minLength: 1, maxLength: fixedLimits.nameChars },
      messages: { type: "array", minItems: 1, maxItems: limits.messages, items: message, ...changedBy({ maxItems: "MAX_MESSAGES" }) },
      max_tokens: { type: ["integer", "null"], minimum: 1 },
      max_completion_tokens: { type: ["integer", "null"], minimum: 1 },
      temperature: { type: ["number", "null"], minimum: 0, maximum: 2 },
      top_p: { type: ["number", "null"], minimum: 0, maximum: 1 },
      seed: { type: ["integer", "null"] },
      stop: {
        type: ["string", "array", "null"],
        maxLength: limits.stopChars,
        maxItems: fixedLimits.stopItems,
        items: { type: "string", minLength: 1, maxLength: limits.stopChars, ...changedBy({ maxLength: "MAX_STOP_CHARS" }) },
        ...changedBy({ maxLength: "MAX_STOP_CHARS" }),
      },
      stream: { type: ["boolean", "null"] },
      stream_options: { type: ["object", "null"], maxProperties: fixedLimits.jsonProperties, properties: { include_usage: { type: "boolean" } }, additionalProperties: json(1) },
      n: { type: ["integer", "null"], minimum: 1 },
      frequency_penalty: penalty,
      presence_penalty: penalty,
      logit_bias: {
        type: ["object", "null"],
        maxProperties: fixedLimits.logitBias,
        propertyNames: { maxLength: fixedLimits.wordChars },
        additionalProperties: { type: "number", minimum: -100, maximum: 100 },
      },
      logprobs: { type: ["boolean", "null"] },
      top_logprobs: { type: ["integer", "null"], minimum: 0, maximum: 20 },
      tools: { type: ["array", "null"], maxItems: limits.tools, items: tool, ...changedBy({ maxItems: "MAX_TOOLS" }) },
      tool_choice: { type: ["string", "object", "null"], maxLength: fixedLimits.wordChars, maxProperties: fixedLimits.jsonProperties, additionalProperties: json(2) },
      response_format: {
        type: ["object", "null"],
        maxProperties: fixedLimits.jsonProperties,
        propertyNames: { maxLength: fixedLimits.nameChars },
        properties: { type: word, json_schema: object({ name, description: text, schema: json(limits.jsonDepth - 3), strict: { type: "boolean" } }) },
        additionalProperties: json(limits.jsonDepth - 2),
      },
      user: name,
    },
    additionalProperties: free,
  };
}

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
  if (body.top_logprobs !== undefined && body.top_logprobs !== null && body.logprobs !== true) {
    throw new UnsupportedRequestError("top_logprobs", "needs logprobs: true");
  }
}

/** How many alternatives to report per token, or undefined when the request asks for no probabilities. */
export function topLogprobsOf(body: ChatCompletionBody): number | undefined {
  return body.logprobs === true ? (body.top_logprobs ?? 0) : undefined;
}
