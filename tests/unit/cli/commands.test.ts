/**
 * Every package.json script that runs a project script, tried as a new user
 * would, in a copy of the tree: `--help` and `-h` print the usage and exit 0;
 * a bogus flag exits 2 with one line naming it (plus the usage) and no
 * stack; neither changes a file.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { copyProject, projectScripts, type ProjectCopy, type Run } from "./helpers/projectCopy.ts";

/** The lessons present, in the order the command lists them. */
const lessonIds = readdirSync("content/lessons", { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

const scripts = projectScripts();
let copy: ProjectCopy;
let before_: Map<string, string>;

before(async () => {
  copy = await copyProject();
  before_ = await copy.hashes();
});
after(() => copy.remove());

/** Runs the runs two at a time: each is a Node start-up. */
async function inPairs<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    [0, 1].map(async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

const stackLine = /^\s+at .+[(:]\d+/m;

describe("every project command", () => {
  test("the scripts include the commands authors and operators use", () => {
    for (const name of ["translate", "i18n:review", "i18n:status", "i18n:check", "record", "model:pull", "model:tiny", "start", "bench"]) {
      assert.ok(scripts.has(name), `package.json runs ${name} as a project script`);
    }
  });

  test("--help (-h for one) prints the usage, options, examples and exit codes, exits 0, and does nothing else", async () => {
    const runs = new Map<string, Run>();
    const tries = [...scripts].map(([name, file], i) => [name, file, i === 0 ? "-h" : "--help"] as const);
    await inPairs(tries, async ([name, file, flag]) => {
      runs.set(name, await copy.run(file, [flag]));
    });
    for (const [name, , flag] of tries) {
      const run = runs.get(name)!;
      assert.equal(run.code, 0, `${name} ${flag} exits 0; stderr: ${run.stderr}`);
      assert.equal(run.stderr, "", `${name} ${flag} writes nothing to stderr`);
      const invocation = name === "start" ? "npm start" : `npm run ${name}`;
      assert.ok(run.stdout.startsWith(`Usage: ${invocation}`), `${name} ${flag} starts with its usage: ${run.stdout.slice(0, 80)}`);
      for (const heading of ["Options:", "Examples:", "Exit codes:"])
        assert.match(run.stdout, new RegExp(`^${heading}$`, "m"), `${name} ${flag} has ${heading}`);
      assert.match(run.stdout, /^\s+2\s+wrong arguments/m, `${name} ${flag} explains exit code 2`);
    }
    assert.deepEqual(await copy.hashes(), before_, "no file was created, changed or deleted");
  });

  test("a bogus flag exits 2 with one line naming it, the usage, and no stack trace", async () => {
    const runs = new Map<string, Run>();
    await inPairs([...scripts], async ([name, file]) => {
      runs.set(name, await copy.run(file, ["--bogus-flag"]));
    });
    for (const [name] of scripts) {
      const run = runs.get(name)!;
      assert.equal(run.code, 2, `${name} --bogus-flag exits 2; stderr: ${run.stderr}`);
      assert.equal(run.stdout, "", `${name} prints nothing on stdout`);
      const [first, ...rest] = run.stderr.trimEnd().split("\n");
      assert.equal(first, `${name}: unknown option --bogus-flag`);
      assert.match(rest.join("\n"), /^Usage: npm /m, `${name} shows the usage after the line`);
      assert.doesNotMatch(run.stderr, stackLine, `${name} shows no stack trace`);
      assert.doesNotMatch(run.stderr, /ERR_PARSE_ARGS|TypeError/, `${name} shows no internal error`);
    }
    assert.deepEqual(await copy.hashes(), before_, "no file was created, changed or deleted");
  });

  test("a bad value or a missing argument is named before anything slow starts", async () => {
    const cases: [file: string, args: string[], line: RegExp][] = [
      ["src/cli/translate.ts", ["--lesson", "nope", "--to", "fr"], new RegExp(`^translate: --lesson "nope": no such lesson; lessons: ${lessonIds.join(", ")}$`)],
      ["src/cli/translate.ts", ["--lesson", "welcome", "--to", "fr", "--retries", "-1"], /^translate: --retries "-1": a whole number from 0 to 10 is needed$/],
      ["src/cli/modelPull.ts", ["owner/repo"], /^model:pull: "owner\/repo" is not a catalogue name \(names: smollm2-360m-instruct-q8_0, .*\); or give a repository and a file$/],
      ["src/cli/modelPull.ts", ["owner/repo", "model.bin"], /^model:pull: <file\.gguf> "model\.bin": not a \.gguf file/],
      ["src/cli/recordOutputs.ts", ["--lesson", "welcome", "--cell", "no-such-cell"], /^record: no cell no-such-cell in welcome; its cells: /],
    ];
    const runs: Run[] = [];
    await inPairs(
      cases.map((c, i) => [c, i] as const),
      async ([[file, args], i]) => {
        runs[i] = await copy.run(file, args);
      },
    );
    cases.forEach(([file, args, line], i) => {
      const run = runs[i]!;
      assert.equal(run.code, 2, `${file} ${args.join(" ")} exits 2: ${run.stderr}`);
      assert.match(run.stderr.split("\n")[0]!, line);
      assert.doesNotMatch(run.stderr, stackLine);
    });
    assert.doesNotMatch(runs[0]!.stderr, /HF_TOKEN/, "translate names the lesson before it asks for a token");
    assert.deepEqual(await copy.hashes(), before_, "no file was created, changed or deleted");
  });
});
