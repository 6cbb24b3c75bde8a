/** Output helpers: aligned tables, the status table, the live status line, the progress bar, and when to colour. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { progressBar } from "../../../src/cli/progressBar.ts";
import { statusLine } from "../../../src/cli/statusLine.ts";
import { renderStatus, type StatusRow } from "../../../src/cli/statusTable.ts";
import { isInteractive, useColour } from "../../../src/cli/terminal.ts";
import { formatTable } from "../../../src/cli/textTable.ts";

function sink(isTTY: boolean, columns = 40) {
  const out = { isTTY, columns, text: "", write: (t: string) => ((out.text += t), true) };
  return out;
}

describe("formatTable", () => {
  test("pads every column to its widest cell, counting wide characters as two columns", () => {
    const lines = formatTable(
      ["lesson", "fr", "ja"],
      [
        ["welcome", "missing", "ok"],
        ["日本語", { text: "2 outdated", style: "yellow" }, "ok"],
      ],
      { colour: false },
    );
    assert.deepEqual(lines, ["lesson   fr          ja", "welcome  missing     ok", "日本語   2 outdated  ok"]);
  });
  test("colours after padding, and only when asked", () => {
    const [, row] = formatTable(["a", "b"], [[{ text: "x", style: "red" }, "y"]], { colour: true });
    assert.equal(row, "\x1b[31mx\x1b[39m  y");
    assert.doesNotMatch(formatTable(["a"], [[{ text: "x", style: "red" }]], { colour: false }).join(""), /\x1b/);
  });
});

describe("renderStatus", () => {
  const state = (status: "current" | "outdated" | "missing", outdated = 0, machine = 0) => ({
    status,
    outdatedSections: Array.from({ length: outdated }, (_, i) => `s${i}`),
    machineSections: Array.from({ length: machine }, (_, i) => `s${i}`),
  });
  const rows: StatusRow[] = [
    { lesson: "welcome", locales: { en: { ...state("current"), status: "source" }, fr: state("current", 0, 2), de: state("missing") } },
    { lesson: "tokens", locales: { en: { ...state("current"), status: "source" }, fr: state("outdated", 3), de: state("current") } },
  ];
  test("one column per translation language, the source left out, outdated sections named, a legend and a summary", () => {
    const { lines, complete } = renderStatus(rows, { colour: false, locales: ["en", "fr", "de"] });
    assert.deepEqual(lines, [
      "lesson   fr                       de",
      "welcome  up to date*              missing",
      "tokens   3 outdated: #s0 #s1 #s2  up to date",
      "",
      "* has machine-translated sections no one has reviewed yet (npm run i18n:review)",
      "2 lessons × 2 languages (source: en): 2 of 4 up to date, 1 outdated, 1 missing; 1 translation has machine-made sections to review.",
    ]);
    assert.equal(complete, false);
  });
  test("complete only when nothing is missing or outdated", () => {
    const done: StatusRow[] = [{ lesson: "welcome", locales: { fr: state("current", 0, 1) } }];
    assert.equal(renderStatus(done, { colour: false, locales: ["en", "fr"] }).complete, true);
    const gap: StatusRow[] = [{ lesson: "welcome", locales: {} }];
    assert.equal(renderStatus(gap, { colour: false, locales: ["en", "fr"] }).complete, false);
  });
});

describe("terminal", () => {
  test("draws in place only on a terminal outside CI", () => {
    assert.equal(isInteractive({ isTTY: true }, {}), true);
    assert.equal(isInteractive({ isTTY: true }, { CI: "true" }), false);
    assert.equal(isInteractive({ isTTY: true }, { TERM: "dumb" }), false);
    assert.equal(isInteractive({}, {}), false);
  });
  test("colours a terminal with colours; NO_COLOR and FORCE_COLOR win", () => {
    assert.equal(useColour({ isTTY: true, hasColors: () => true }, {}), true);
    assert.equal(useColour({ isTTY: true, hasColors: () => false }, {}), false);
    assert.equal(useColour({}, {}), false);
    assert.equal(useColour({ isTTY: true, hasColors: () => true }, { NO_COLOR: "1" }), false);
    assert.equal(useColour({}, { FORCE_COLOR: "1" }), true);
    assert.equal(useColour({ isTTY: true, hasColors: () => true }, { FORCE_COLOR: "0" }), false);
  });
});

describe("statusLine", () => {
  test("on a terminal the live line is redrawn in place and lines that stay go above it", () => {
    const err = sink(true);
    const out = sink(true);
    const status = statusLine({ stream: err, stdout: out, interactive: true });
    status.set("translating #intro");
    status.print("[1/2] #intro ok");
    status.set("a line far longer than the forty columns this terminal has");
    status.clear();
    assert.equal(out.text, "[1/2] #intro ok\n");
    assert.equal(
      err.text,
      "\r\x1b[2Ktranslating #intro" + "\r\x1b[2K" + "\r\x1b[2Ktranslating #intro" + "\r\x1b[2Ka line far longer than the forty colum…" + "\r\x1b[2K",
    );
  });
  test("piped, only the lines that stay are written, with no control codes", () => {
    const err = sink(false);
    const out = sink(false);
    const status = statusLine({ stream: err, stdout: out, interactive: false });
    status.running("translating #intro");
    status.print("[1/2] #intro ok");
    status.clear();
    assert.equal(out.text, "[1/2] #intro ok\n");
    assert.equal(err.text, "");
  });
});

describe("progressBar", () => {
  test("piped, one plain line per tenth", () => {
    const err = sink(false);
    const bar = progressBar("m.gguf", err, false);
    for (let done = 0; done <= 1000; done += 50) bar.update(done, 1000);
    bar.done();
    const lines = err.text.trimEnd().split("\n");
    assert.equal(lines.length, 11);
    assert.match(lines[0]!, /^m\.gguf +0\.0% +0\.0\/0\.0 MB/);
    assert.match(lines.at(-1)!, /^m\.gguf 100\.0%/);
    assert.doesNotMatch(err.text, /\r|\x1b/);
  });
  test("on a terminal, a bar redrawn in place that ends with a newline", () => {
    const err = sink(true, 100);
    const bar = progressBar("m.gguf", err, true);
    bar.update(0, 1000);
    bar.update(1000, 1000);
    bar.done();
    assert.match(err.text, /^\r\x1b\[2K\[-{30}\] m\.gguf/);
    assert.match(err.text, /\r\x1b\[2K\[#{30}\] m\.gguf 100\.0%.*\n$/);
  });
});
