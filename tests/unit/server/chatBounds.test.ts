/**
 * The bounds of a chat request: every string, list and object of the
 * request schema has one, the README's table names each setting with its
 * default, and the pre-parse check gives the schema's answer on text.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { chatCompletionBodySchema, chatLimitsOf, defaultChatLimits, settingOfBound } from "../../../src/server/chatRequest.ts";
import { jsonShapeCheck, jsonShapeScanner } from "../../../src/server/jsonShape.ts";
import { readSettings, settingDefaults } from "../../../src/server/settings.ts";

type Node = Record<string, unknown>;

/** Every schema node reachable from the root, with a path for messages. */
function nodes(schema: Node): { path: string; node: Node }[] {
  const out: { path: string; node: Node }[] = [];
  const visit = (node: unknown, path: string) => {
    if (node === null || typeof node !== "object") return;
    const n = node as Node;
    if (typeof n.$ref === "string") return; // the definitions are visited by themselves
    out.push({ path, node: n });
    for (const [key, child] of Object.entries((n.properties as Node | undefined) ?? {})) visit(child, `${path}.${key}`);
    visit(n.items, `${path}[]`);
    visit(n.additionalProperties, `${path}.*`);
  };
  visit(schema, "body");
  for (const [name, def] of Object.entries((schema.$defs as Node | undefined) ?? {})) visit(def, `$defs.${name}`);
  return out;
}

const types = (node: Node) => (Array.isArray(node.type) ? (node.type as string[]) : [node.type as string]);

describe("the request schema", () => {
  const schema = chatCompletionBodySchema() as unknown as Node;

  test("bounds every string, list and object in it", () => {
    const all = nodes(schema);
    assert.ok(all.length > 40, `${all.length} nodes`);
    for (const { path, node } of all) {
      const t = types(node);
      if (t.includes("string")) assert.ok(typeof node.maxLength === "number" || Array.isArray(node.enum), `${path}: a string without maxLength`);
      if (t.includes("array")) assert.ok(typeof node.maxItems === "number", `${path}: a list without maxItems`);
      if (t.includes("object")) assert.ok(typeof node.maxProperties === "number", `${path}: an object without maxProperties`);
      if (t.includes("object") && node.additionalProperties !== undefined) assert.notEqual(node.additionalProperties, true, `${path}: unbounded members`);
    }
  });

  test("takes its bounds from the settings", () => {
    const settings = readSettings({ MAX_MESSAGES: "7", MAX_STOP_CHARS: "9", MAX_TOOLS: "3", MAX_JSON_DEPTH: "12", BODY_LIMIT_BYTES: "5000" });
    const s = chatCompletionBodySchema(chatLimitsOf(settings)) as unknown as { properties: Record<string, Node>; $defs: Node };
    assert.equal(s.properties.messages!.maxItems, 7);
    assert.equal((s.properties.stop!.items as Node).maxLength, 9);
    assert.equal(s.properties.tools!.maxItems, 3);
    assert.equal(Object.keys(s.$defs).length, 13, "json0 to json12");
    assert.equal(settingOfBound(s.properties.stop as { $comment?: string }, "maxLength"), "MAX_STOP_CHARS");
    assert.equal(settingOfBound(s.properties.messages as { $comment?: string }, "maxItems"), "MAX_MESSAGES");
  });

  test("the README's table names each setting beside its default", () => {
    const readme = readFileSync(new URL("../../../src/server/README.md", import.meta.url), "utf8");
    const defaults = settingDefaults();
    const table = readme.slice(readme.indexOf("## Bounds of a chat request"), readme.indexOf("## Security headers"));
    const row = (setting: string) => table.split("\n").find((line) => line.startsWith("|") && line.trimEnd().endsWith(`| \`${setting}\` |`)) ?? "";
    assert.match(row("MAX_MESSAGES"), new RegExp(`\\b${defaults.MAX_MESSAGES}\\b`));
    assert.match(row("MAX_STOP_CHARS"), new RegExp(`\\b${defaults.MAX_STOP_CHARS}\\b`));
    assert.match(row("MAX_TOOLS"), new RegExp(`\\b${defaults.MAX_TOOLS}\\b`));
    assert.equal(defaults.MAX_MESSAGES, defaultChatLimits.messages);
    assert.equal(defaults.MAX_STOP_CHARS, defaultChatLimits.stopChars);
    assert.equal(defaults.MAX_TOOLS, defaultChatLimits.tools);
    assert.equal(defaults.MAX_JSON_DEPTH, defaultChatLimits.jsonDepth);
    assert.ok(table.includes(`${Number(defaults.MAX_JSON_DEPTH) - 4} levels deep`), "tool parameters' depth");
    assert.ok(table.includes(`${(defaults.BODY_LIMIT_BYTES as number).toLocaleString("en")} bytes`), "the body limit");
  });
});

describe("the check on JSON text before parsing", () => {
  const check = jsonShapeCheck(chatCompletionBodySchema(), 40);
  const messages = '"messages":[{"role":"user","content":"hi"}]';

  test("counts members against the schema's bound for that place, naming the field", () => {
    assert.equal(check(`{${messages},"stop":["a","b","c","d"]}`), undefined);
    assert.deepEqual(pick(check(`{${messages},"stop":["a","b","c","d","e"]}`)), { field: "stop", keyword: "maxItems", limit: 4 });
    const parts = Array.from({ length: 300 }, () => '{"type":"text","text":"x"}').join(",");
    assert.deepEqual(pick(check(`{"messages":[{"role":"user","content":"a"},{"role":"user","content":[${parts}]}]}`)), { field: "messages[1].content", keyword: "maxItems", limit: 256 });
    const keys = Array.from({ length: 301 }, (_, i) => `"${i}":1`).join(",");
    assert.deepEqual(pick(check(`{${messages},"logit_bias":{${keys}}}`)), { field: "logit_bias", keyword: "maxProperties", limit: 300 });
  });

  test("ignores brackets and commas inside strings, escaped quotes included", () => {
    const tricky = JSON.stringify({ messages: [{ role: "user", content: '[[[[,,,,{{{{"\\' + ",".repeat(500) }], stop: ["\"],[", "a\\"] });
    assert.equal(check(tricky), undefined);
  });

  test("refuses nesting past the limit, and strings far past their bound", () => {
    const deep = `{${messages},"extra":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const past = check(deep);
    assert.equal(past?.keyword, "depth");
    assert.ok(past?.field.startsWith("extra[0][0]"), past?.field);
    assert.deepEqual(pick(check(`{${messages},"stop":"${"x".repeat(2000)}"}`)), { field: "stop", keyword: "maxLength", limit: 256 });
    assert.deepEqual(pick(check(`{${messages},"stop":["ok","${"x".repeat(2000)}"]}`)), { field: "stop[1]", keyword: "maxLength", limit: 256 });
    // Escapes make the text longer than the string: a text under 6 × the bound is left to the schema.
    assert.equal(check(`{${messages},"stop":"${"\\u0041".repeat(200)}"}`), undefined);
  });

  test("gives the same answer when the text comes in pieces cut anywhere (inside keys, strings and escapes)", () => {
    const scanner = jsonShapeScanner(chatCompletionBodySchema(), 40);
    const keys = Array.from({ length: 301 }, (_, i) => `"${i}":1`).join(",");
    const texts = [
      `{${messages},"stop":["a","b","c","d","e"]}`,
      JSON.stringify({ messages: [{ role: "user", content: 'x\\"[[,,' }], stop: ["\\", '"', "y".repeat(2000)] }),
      `{${messages},"logit_bias":{${keys}}}`,
      `{${messages},"tools":[{"type":"function","function":{"name":"f","parameters":${"[".repeat(60)}${"]".repeat(60)}}}]}`,
      JSON.stringify({ messages: [{ role: "user", content: "ok" }], stop: ["a\\\\", "b"], extra: { "k\"ey": [1, 2] } }),
    ];
    for (const text of texts) {
      const whole = pick(check(text));
      for (const size of [1, 2, 3, 7, 64]) {
        const scan = scanner();
        let found;
        for (let at = 0; at < text.length && !found; at += size) found = scan(text.slice(at, at + size));
        assert.deepEqual(pick(found), whole, `pieces of ${size}: ${text.slice(0, 80)}`);
      }
    }
  });

  test("leaves malformed text to the parser", () => {
    for (const text of ["", "{", '{"a":"', "]]]", "{,,,}", '"just a string"']) assert.equal(check(text), undefined, text);
  });
});

function pick(violation: { field: string; keyword: string; limit: number } | undefined) {
  return violation ? { field: violation.field, keyword: violation.keyword, limit: violation.limit } : undefined;
}
