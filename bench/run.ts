/**
 * `npm run bench [-- name ...]`: runs every `bench/<name>.bench.ts` (or the
 * named ones) one after another, each in its own Node process. Each bench
 * prints its numbers and writes them to `bench/out/<name>.json`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineCommand, parseCommandLine } from "../src/cli/commandLine.ts";

const dir = fileURLToPath(new URL(".", import.meta.url));
const all = readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).map((f) => f.replace(/\.bench\.ts$/, "")).sort();
const { positionals: wanted } = parseCommandLine(
  defineCommand({
    name: "bench",
    summary: "Runs the benchmarks one after another, each in its own Node process; each prints its numbers and writes them to bench/out/<name>.json.",
    rest: { name: "name", description: `a benchmark to run, by default all of them: ${all.join(", ")}`, check: (name) => (all.includes(name) ? undefined : `no such benchmark; available: ${all.join(", ")}`) },
    examples: [
      { run: "", says: "every benchmark" },
      { run: "server kernel", says: "only bench/server.bench.ts and bench/kernel.bench.ts" },
    ],
    exitCodes: { 1: "a benchmark failed (its output says why)" },
  }),
);
mkdirSync(new URL("out/", import.meta.url), { recursive: true });
let failed = 0;
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`\n== bench: ${name}`);
  const run = spawnSync(process.execPath, [`${dir}${name}.bench.ts`], { stdio: "inherit" });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
