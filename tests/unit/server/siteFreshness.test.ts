/** When `npm start` rebuilds the site. */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { siteFreshness } from "../../../src/cli/siteFreshness.ts";

let root: string;
const at = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);

async function file(path: string, seconds: number): Promise<void> {
  const full = join(root, path);
  await mkdir(join(full, ".."), { recursive: true });
  await writeFile(full, "x");
  await utimes(full, at(seconds), at(seconds));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "carnet-fresh-"));
  await file("content/lessons/a/en.mdx", 10);
  await file("src/pages/index.astro", 10);
  await file("locales/en.json", 10);
  await file("astro.config.mjs", 10);
});
afterEach(() => rm(root, { recursive: true, force: true }));

test("a missing dist/ is stale", async () => {
  assert.deepEqual(await siteFreshness(root), { stale: true, reason: "dist is missing" });
});

test("a build newer than every source is fresh", async () => {
  await file("dist/index.html", 20);
  await file("dist/en/index.html", 21);
  assert.equal((await siteFreshness(root)).stale, false);
});

test("a source changed after the build makes it stale, naming the file", async () => {
  await file("dist/index.html", 20);
  await file("locales/fr.json", 30);
  assert.deepEqual(await siteFreshness(root), { stale: true, reason: "locales/fr.json changed after the last build" });
});

test("server and CLI code do not count as site sources", async () => {
  await file("dist/index.html", 20);
  await file("src/server/app.ts", 30);
  await file("src/cli/start.ts", 30);
  assert.equal((await siteFreshness(root)).stale, false);
});
