/**
 * `npm run bench [-- name ...]`: runs every `bench/<name>.bench.ts` (or the
 * named ones) one after another, each in its own Node process. Each bench
 * prints its numbers and writes them to `bench/out/<name>.json`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const all = readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).map((f) => f.replace(/\.bench\.ts$/, "")).sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`Unknown bench: ${unknown.join(", ")}. Available: ${all.join(", ")}`);
  process.exit(2);
}
mkdirSync(new URL("out/", import.meta.url), { recursive: true });
let failed = 0;
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`\n== bench: ${name}`);
  const run = spawnSync(process.execPath, [`${dir}${name}.bench.ts`], { stdio: "inherit" });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
