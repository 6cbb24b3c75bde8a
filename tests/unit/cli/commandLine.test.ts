/** The shared argument layer: help text, parsing, and one-line refusals with exit 2. */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, mock, test } from "node:test";
import { defineCommand, helpText, parseCommandLine, usageLine } from "../../../src/cli/commandLine.ts";

const command = defineCommand({
  name: "demo",
  summary: "Does a demonstration.",
  options: {
    lesson: { type: "string", value: "<id>", required: true, description: "the lesson", check: (v) => (v === "welcome" ? undefined : "no such lesson") },
    retries: { type: "string", value: "<n>", default: "2", description: "more tries" },
    json: { type: "boolean", description: "print JSON" },
    section: { type: "string", value: "<id>", multiple: true, description: "a section" },
  },
  environment: { HF_TOKEN: "a token" },
  examples: [{ run: "--lesson welcome", says: "the usual" }],
  exitCodes: { 1: "it failed" },
  interruptible: true,
});

class Exit extends Error {
  readonly code: number | undefined;
  constructor(code: number | undefined) {
    super(`exit ${code}`);
    this.code = code;
  }
}

let stdout = "";
let stderr = "";
beforeEach(() => {
  stdout = "";
  stderr = "";
  mock.method(process, "exit", (code?: number) => {
    throw new Exit(code);
  });
  mock.method(process.stdout, "write", (text: string) => ((stdout += text), true));
  mock.method(process.stderr, "write", (text: string) => ((stderr += text), true));
});
afterEach(() => mock.restoreAll());

function exitOf(argv: string[]): number | undefined {
  try {
    parseCommandLine(command, argv);
  } catch (error) {
    if (error instanceof Exit) return error.code;
    throw error;
  }
  return undefined;
}

describe("parseCommandLine", () => {
  test("gives typed values with defaults", () => {
    const { values } = parseCommandLine(command, ["--lesson", "welcome", "--section", "a", "--section", "b"]);
    assert.deepEqual({ ...values }, { lesson: "welcome", retries: "2", json: false, section: ["a", "b"], help: false });
  });

  test("--help and -h print the help on stdout and exit 0, even with other arguments", () => {
    for (const argv of [["--help"], ["-h"], ["--bogus", "--help"]]) {
      stdout = "";
      assert.equal(exitOf(argv), 0);
      assert.equal(stdout, `${helpText(command)}\n`);
      assert.equal(stderr, "");
    }
  });

  test("--help after -- is an argument, not a request for help", () => {
    assert.equal(exitOf(["--lesson", "welcome", "--", "--help"]), 2);
    assert.match(stderr, /^demo: unexpected argument "--help"\n/);
  });

  const refusals: [string[], string][] = [
    [["--lesson", "welcome", "--bogus"], "demo: unknown option --bogus"],
    [["--lesson", "welcome", "--jsn"], "demo: unknown option --jsn (did you mean --json?)"],
    [["-x"], "demo: unknown option -x"],
    [["--lesson"], "demo: --lesson needs a value <id>"],
    [["--lesson", "--json"], "demo: --lesson needs a value <id>"],
    [["--lesson", "welcome", "--json=yes"], "demo: --json takes no value"],
    [[], "demo: --lesson <id> is required"],
    [["--lesson", "nope"], 'demo: --lesson "nope": no such lesson'],
    [["--lesson", "welcome", "extra"], 'demo: unexpected argument "extra"'],
  ];
  for (const [argv, line] of refusals) {
    test(`refuses ${JSON.stringify(argv)} with one line, the usage, and exit 2`, () => {
      assert.equal(exitOf(argv), 2);
      assert.equal(stdout, "");
      assert.deepEqual(stderr.split("\n"), [line, usageLine(command), "More: npm run demo -- --help", ""]);
    });
  }
});

describe("helpText", () => {
  const text = helpText(command);
  test("starts with the usage, then what the command does", () => {
    assert.ok(text.startsWith("Usage: npm run demo -- --lesson <id> [options]\n\nDoes a demonstration.\n"));
  });
  test("lists every option with its value, default and whether it is required", () => {
    assert.match(text, /--lesson <id> +the lesson \(required\)/);
    assert.match(text, /--retries <n> +more tries \(default: 2\)/);
    assert.match(text, /--section <id> +a section \(repeatable\)/);
    assert.match(text, /-h, --help +show this help and do nothing else/);
  });
  test("has the environment, examples and every exit code", () => {
    assert.match(text, /Environment:\n  HF_TOKEN +a token/);
    assert.match(text, /Examples:\n  npm run demo -- --lesson welcome\n      the usual/);
    for (const code of ["0", "1", "2", "130", "143"]) assert.match(text, new RegExp(`^  ${code} +\\S`, "m"));
  });
  test("keeps lines within 80 columns", () => {
    for (const line of text.split("\n")) assert.ok(line.length <= 80, line);
  });
});
