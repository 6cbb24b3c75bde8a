/**
 * Chat requests at and over each bound of the request schema
 * (src/server/chatRequest.ts), with the server's default bounds: the
 * hostile-client suite sends them to check the refusals, and the abuse
 * benchmark to measure what each costs the server. Bodies are made once,
 * as bytes, so sending them costs the sender little.
 *
 * @example
 * for (const c of boundCases("carnet-tiny-demo")) await post(c.over); // each gets 413 naming c.field
 */
import { defaultChatLimits, fixedLimits } from "../../src/server/chatRequest.ts";

export type BoundCase = {
  /** The field as error messages name it. */
  field: string;
  /** What is at its bound, and what goes over it. */
  what: string;
  at: Uint8Array<ArrayBuffer>;
  over: Uint8Array<ArrayBuffer>;
};

/** Nesting `depth` levels of objects: `{"a":{"a":…1…}}`. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Nested brackets as text, for depths no `JSON.stringify` should build: `[[[…]]]`. */
function bracketText(depth: number): string {
  return `${"[".repeat(depth)}${"]".repeat(depth)}`;
}

const encoded = (text: string) => new TextEncoder().encode(text);

const HUGE_ARRAY = 100_000;
const HUGE_TEXT = 1_000_000;

export function boundCases(model: string): BoundCase[] {
  const limits = defaultChatLimits;
  const hi = [{ role: "user", content: "hi" }];
  const body = (extra: Record<string, unknown>) => encoded(JSON.stringify({ model, messages: hi, max_tokens: 1, ...extra }));
  const tool = (parameters: unknown) => ({ type: "function", function: { name: "f", description: "d", parameters } });
  const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
  const toolCall = (i: number) => ({ id: `c${i}`, type: "function", function: { name: "f", arguments: "{}" } });
  return [
    { field: "stop[0]", what: `a stop string of ${limits.stopChars} characters / of ${HUGE_TEXT}`, at: body({ stop: ["x".repeat(limits.stopChars)] }), over: body({ stop: ["x".repeat(HUGE_TEXT)] }) },
    { field: "stop", what: `stop as one string of ${limits.stopChars} characters / of ${HUGE_TEXT}`, at: body({ stop: "y".repeat(limits.stopChars) }), over: body({ stop: "y".repeat(HUGE_TEXT) }) },
    { field: "stop", what: `${fixedLimits.stopItems} stop strings / ${HUGE_ARRAY}`, at: body({ stop: many(fixedLimits.stopItems, (i) => `s${i}`) }), over: body({ stop: many(HUGE_ARRAY, (i) => `s${i}`) }) },
    { field: "messages", what: `${limits.messages} messages / ${HUGE_ARRAY}`, at: body({ messages: many(limits.messages, () => ({ role: "user", content: "x" })) }), over: body({ messages: many(HUGE_ARRAY, () => ({ role: "user" })) }) },
    {
      field: "messages[0].content",
      what: `${fixedLimits.contentParts} content parts / ${HUGE_ARRAY}`,
      at: body({ messages: [{ role: "user", content: many(fixedLimits.contentParts, () => ({ type: "text", text: "x" })) }] }),
      over: body({ messages: [{ role: "user", content: many(HUGE_ARRAY, () => ({ type: "text" })) }] }),
    },
    {
      field: "messages[0].name",
      what: `a message name of ${fixedLimits.nameChars} characters / of ${HUGE_TEXT}`,
      at: body({ messages: [{ role: "user", content: "hi", name: "n".repeat(fixedLimits.nameChars) }] }),
      over: body({ messages: [{ role: "user", content: "hi", name: "n".repeat(HUGE_TEXT) }] }),
    },
    {
      field: "messages[0].tool_calls",
      what: `${fixedLimits.toolCalls} tool calls / ${HUGE_ARRAY}`,
      at: body({ messages: [{ role: "assistant", content: "", tool_calls: many(fixedLimits.toolCalls, toolCall) }, ...hi] }),
      over: body({ messages: [{ role: "assistant", content: "", tool_calls: many(HUGE_ARRAY, () => ({})) }, ...hi] }),
    },
    { field: "model", what: `a model id of ${fixedLimits.nameChars} characters / of ${HUGE_TEXT}`, at: body({ model: "m".repeat(fixedLimits.nameChars) }), over: body({ model: "m".repeat(HUGE_TEXT) }) },
    { field: "tools", what: `${limits.tools} tools / ${HUGE_ARRAY}`, at: body({ tools: many(limits.tools, () => tool({ type: "object" })) }), over: body({ tools: many(HUGE_ARRAY, () => ({})) }) },
    {
      field: "tools[0].function.parameters",
      what: `tool parameters nested ${limits.jsonDepth - 4} levels / ${limits.jsonDepth + 4}`,
      at: body({ tools: [tool(nested(limits.jsonDepth - 4))] }),
      over: body({ tools: [tool(nested(limits.jsonDepth + 4))] }),
    },
    {
      field: "tools[0].function.parameters",
      what: `tool parameters nested ${limits.jsonDepth - 4} levels / ${HUGE_ARRAY * 4} (as brackets)`,
      at: body({ tools: [tool(nested(limits.jsonDepth - 4))] }),
      over: encoded(`{"model":${JSON.stringify(model)},"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"a":${bracketText(HUGE_ARRAY * 4)}}}}]}`),
    },
    {
      field: "tools[0].function.parameters",
      what: `tool parameters with ${fixedLimits.jsonProperties} properties / ${HUGE_ARRAY}`,
      at: body({ tools: [tool(Object.fromEntries(many(fixedLimits.jsonProperties, (i) => [`p${i}`, 1])))] }),
      over: body({ tools: [tool(Object.fromEntries(many(HUGE_ARRAY, (i) => [`p${i}`, 1])))] }),
    },
    {
      field: "response_format.json_schema.schema",
      what: `a response_format schema nested ${limits.jsonDepth - 3} levels / ${limits.jsonDepth + 4}`,
      at: body({ response_format: { type: "json_schema", json_schema: { name: "s", schema: nested(limits.jsonDepth - 3) } } }),
      over: body({ response_format: { type: "json_schema", json_schema: { name: "s", schema: nested(limits.jsonDepth + 4) } } }),
    },
    {
      field: "logit_bias",
      what: `${fixedLimits.logitBias} logit_bias entries / ${HUGE_ARRAY}`,
      at: body({ logit_bias: Object.fromEntries(many(fixedLimits.logitBias, (i) => [String(i), 1])) }),
      over: body({ logit_bias: Object.fromEntries(many(HUGE_ARRAY, (i) => [String(i), 1])) }),
    },
    {
      field: "extra",
      what: `a field this server does not read, an array of ${fixedLimits.jsonItems} / ${HUGE_ARRAY}`,
      at: body({ extra: many(fixedLimits.jsonItems, () => 0) }),
      over: body({ extra: many(HUGE_ARRAY, () => 0) }),
    },
    {
      field: "extra",
      what: `a field this server does not read, nested ${limits.jsonDepth} levels / ${limits.jsonDepth + 4}`,
      at: body({ extra: nested(limits.jsonDepth) }),
      over: body({ extra: nested(limits.jsonDepth + 4) }),
    },
  ];
}
