import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCells } from "./kernelHarness.ts";

const corpus = fileURLToPath(new URL("../../kernel-corpus/", import.meta.url));
const programs = readdirSync(corpus).filter((f) => f.endsWith(".ts")).sort();
const work = mkdtempSync(join(tmpdir(), "carnet-corpus-"));
test.after(() => rmSync(work, { recursive: true, force: true }));

test("the corpus has at least 30 programs", () => {
  assert.ok(programs.length >= 30, `${programs.length} programs`);
});

for (const file of programs) for (const compiled of ["browser", "build"] as const) {
  test(`kernel output equals Node's (${compiled}-compiled): ${file}`, async () => {
    const source = readFileSync(join(corpus, file), "utf8");
    const cells = source.split(/^\/\/ %% cell$/m).map((cell) => cell.replace(/^\n/, "").replace(/\n$/, ""));
    const joined = join(work, file.replace(/\.ts$/, ".mts"));
    writeFileSync(joined, cells.join("\n"));
    const node = spawnSync(process.execPath, ["--no-warnings", joined], { encoding: "utf8", timeout: 20_000 });
    const kernel = await runCells(cells, compiled);
    assert.equal(kernel.stdout, node.stdout);
    if (node.status === 0) {
      assert.equal(kernel.error, undefined, `the kernel failed where Node did not: ${kernel.error?.message}`);
      assert.equal(kernel.stderr, node.stderr);
    } else {
      assert.ok(kernel.error, `Node failed (${node.stderr.split("\n")[0]}) but the kernel did not`);
      assert.ok(node.stderr.includes(kernel.error.message), `Node's stderr lacks "${kernel.error.message}":\n${node.stderr}`);
    }
  });
}
