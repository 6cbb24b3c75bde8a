/**
 * `display(entry)` of an OpenAI logprob entry: the kernel's `distribution`
 * item (through the kernel, as a cell calls it), what anything else falls
 * back to, and the page's rows and visible tokens for the chart.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { distributionItem, MAX_ALTERNATIVES, MAX_TOKEN_CHARS } from "../../../src/notebook/kernel/distribution.ts";
import { chartRows, visibleToken } from "../../../src/notebook/page/distributionChart.ts";
import type { OutputItem } from "../../../src/notebook/protocol.ts";
import { runCells } from "./kernelHarness.ts";

const entry = {
  token: " a",
  logprob: Math.log(0.2),
  bytes: [32, 97],
  top_logprobs: [
    { token: " the", logprob: Math.log(0.4), bytes: [32, 116, 104, 101] },
    { token: " a", logprob: Math.log(0.2), bytes: [32, 97] },
    { token: "\n", logprob: Math.log(0.1), bytes: [10] },
  ],
};

async function displayed(expression: string): Promise<OutputItem[]> {
  const result = await runCells([`display(${expression})`]);
  assert.equal(result.error, undefined, result.error?.message);
  return result.messages.flatMap((m) => (m.type === "output" ? m.items : []));
}

describe("display of a logprob entry", () => {
  test("one entry becomes one distribution item: chosen token, alternatives most likely first", async () => {
    const items = await displayed(JSON.stringify(entry));
    assert.equal(items.length, 1);
    const item = items[0]!;
    assert.equal(item.kind, "distribution");
    if (item.kind !== "distribution") return;
    assert.deepEqual(item.chosen, { token: " a", logprob: Math.log(0.2) });
    assert.deepEqual(item.alternatives.map((a) => a.token), [" the", " a", "\n"]);
    assert.equal(item.text, '" the" 40.0%, " a" 20.0% (chosen), "\\n" 10.0%');
  });

  test("the call the lesson makes: display(answer.choices[0].logprobs.content[0])", async () => {
    const answer = { choices: [{ message: { content: " a" }, logprobs: { content: [entry], refusal: null } }] };
    const items = await displayed(`(${JSON.stringify(answer)}).choices[0].logprobs.content[0]`);
    assert.equal(items[0]!.kind, "distribution");
  });

  test("alternatives are sorted and cut to the bound; -Infinity and rounding above 0 are accepted", () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ token: `t${i}`, logprob: -i / 10 })).reverse();
    const item = distributionItem({ token: "t0", logprob: 1e-9, top_logprobs: [...many, { token: "never", logprob: -Infinity }] })!;
    assert.equal(item.alternatives.length, MAX_ALTERNATIVES);
    assert.equal(item.alternatives[0]!.token, "t0");
    assert.ok(item.alternatives.every((a, i) => i === 0 || item.alternatives[i - 1]!.logprob >= a.logprob));
    assert.equal(item.chosen.logprob, 0);
    assert.ok(distributionItem({ token: "x", logprob: -Infinity, top_logprobs: [] }));
  });

  test("anything that is not an entry is shown as a value, as before", async () => {
    const odd = [
      "null",
      "undefined",
      '"text"',
      "42",
      '{ token: "a" }',
      '{ token: 1, logprob: -1, top_logprobs: [] }',
      '{ token: "a", logprob: -1 }',
      '{ token: "a", logprob: -1, top_logprobs: "no" }',
      '{ token: "a", logprob: NaN, top_logprobs: [] }',
      '{ token: "a", logprob: 0.5, top_logprobs: [] }',
      '{ token: "a", logprob: -1, top_logprobs: [{ token: "b", logprob: "x" }] }',
      '{ token: "a", logprob: -1, top_logprobs: [null] }',
      '{ token: "a", logprob: -1, top_logprobs: Array.from({ length: 5000 }, () => ({ token: "b", logprob: -1 })) }',
      '{ get token() { throw new Error("boom") }, logprob: -1, top_logprobs: [] }',
    ];
    for (const expression of odd) {
      const items = await displayed(expression);
      assert.equal(items.length, 1, expression);
      assert.equal(items[0]!.kind, "log", expression);
    }
  });

  test("an array of entries stays a table (one chart per entry is display(entry))", async () => {
    const items = await displayed(JSON.stringify([entry, entry]));
    assert.equal(items[0]!.kind, "table");
  });

  test("huge and odd Unicode tokens are cut and kept whole as text", () => {
    const huge = "é".repeat(1_000_000);
    const item = distributionItem({ token: huge, logprob: -0.1, top_logprobs: [{ token: "\ud800x\u202e", logprob: -0.2 }, { token: huge, logprob: -0.1 }] })!;
    assert.equal(item.chosen.token.length, MAX_TOKEN_CHARS + 1);
    assert.ok(item.text.length < 2000);
    const rows = chartRows(item, "en");
    assert.equal(rows[0]!.chosen, true);
    assert.equal(rows[0]!.label, `${"é".repeat(24)}…`);
    assert.equal(rows[1]!.label, "\ud800x⟨U+202E⟩");
  });
});

describe("the chart's rows and tokens", () => {
  test("spaces, line ends, tabs, controls and direction marks are visible; empty is ∅", () => {
    assert.equal(visibleToken(" the"), "␣the");
    assert.equal(visibleToken("\n\n"), "⏎⏎");
    assert.equal(visibleToken("\t\r"), "⇥↵");
    assert.equal(visibleToken("a\u0000b"), "a⟨U+0000⟩b");
    assert.equal(visibleToken("\u200f\u2066"), "⟨U+200F⟩⟨U+2066⟩");
    assert.equal(visibleToken(""), "∅");
    assert.equal(visibleToken("👩‍🔬"), "👩⟨U+200D⟩🔬");
    assert.equal(visibleToken("日本語"), "日本語");
    assert.equal(visibleToken("x".repeat(30)), `${"x".repeat(24)}…`);
  });

  test("the chosen token is highlighted once, added when not among the alternatives", () => {
    const item = distributionItem({ token: "z", logprob: Math.log(0.05), top_logprobs: [{ token: "a", logprob: Math.log(0.5) }, { token: "a", logprob: Math.log(0.3) }] })!;
    const rows = chartRows(item, "en");
    assert.deepEqual(rows.map((r) => [r.label, r.chosen]), [["a", false], ["a", false], ["z", true]]);
    const twice = chartRows(distributionItem({ token: "a", logprob: Math.log(0.5), top_logprobs: item.alternatives })!, "en");
    assert.deepEqual(twice.map((r) => r.chosen), [true, false]);
  });

  test("percentages in the page's language", () => {
    const item = distributionItem(entry)!;
    assert.deepEqual(chartRows(item, "en").map((r) => r.percent), ["40%", "20%", "10%"]);
    // French puts a no-break space (which one depends on the ICU data) before the sign.
    assert.match(chartRows(item, "fr")[0]!.percent, /^40\s%$/u);
    assert.equal(chartRows(item, "ar")[0]!.percent, new Intl.NumberFormat("ar", { style: "percent" }).format(0.4));
    const small = distributionItem({ token: "a", logprob: Math.log(0.00042), top_logprobs: [] })!;
    assert.equal(chartRows(small, "en")[0]!.percent, "0.042%");
  });
});
