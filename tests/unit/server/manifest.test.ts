/** The model manifest: the committed file is valid; errors name the entry and field. */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { parseManifest, readManifest, upsertManifestEntry } from "../../../src/server/manifest.ts";
import { tinyModelRecipe } from "../../../src/cli/tinyModel.ts";

test("the committed models/models.json is valid and lists the tiny demo model", async () => {
  const manifest = await readManifest(fileURLToPath(new URL("../../../models/models.json", import.meta.url)));
  const tiny = manifest.models.find((m) => m.id === tinyModelRecipe.id);
  assert.ok(tiny);
  assert.equal(tiny.demo, true);
  assert.equal(tiny.file, tinyModelRecipe.file);
  assert.match(tiny.id, /tiny-demo/);
  assert.match(tiny.label, /demo/i);
  assert.equal(manifest.default, tiny.id);
});

test("errors name the file, the entry and the field", () => {
  const bad = (models: unknown[], extra: object = {}) => () => parseManifest({ models, ...extra }, "models.json");
  assert.throws(bad([{ id: "Bad Id", label: "x", file: "a.gguf" }]), /^Error: models\.json: models\[0\] \(Bad Id\)\.id: lower-case letters/);
  assert.throws(bad([{ id: "a", label: "x", file: "a.bin" }]), /models\[0\] \(a\)\.file: a file name ending in \.gguf/);
  assert.throws(bad([{ id: "a", label: "x", file: "a.gguf", parallel: 0 }]), /models\[0\] \(a\)\.parallel: at least 1/);
  assert.throws(bad([{ id: "a", file: "a.gguf" }]), /models\[0\] \(a\)\.label: a label/);
  assert.throws(
    bad([
      { id: "a", label: "x", file: "a.gguf" },
      { id: "a", label: "y", file: "b.gguf" },
    ]),
    /model id "a" is listed twice/,
  );
  assert.throws(bad([{ id: "a", label: "x", file: "a.gguf" }], { default: "b" }), /default: "b" is not one of the listed models \(a\)/);
});

test("defaults fill context size and parallel sequences", () => {
  const manifest = parseManifest({ models: [{ id: "a", label: "x", file: "a.gguf" }] });
  assert.equal(manifest.models[0]!.contextSize, 4096);
  assert.equal(manifest.models[0]!.parallel, 1);
  assert.equal(manifest.models[0]!.demo, false);
});

test("an unreadable or invalid file gets a clear message", async () => {
  const dir = await mkdtemp(join(tmpdir(), "carnet-manifest-"));
  try {
    await assert.rejects(readManifest(join(dir, "none.json")), /Cannot read the model manifest/);
    await writeFile(join(dir, "broken.json"), "{ models: ");
    await assert.rejects(readManifest(join(dir, "broken.json")), /broken\.json: not valid JSON/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("upsert adds an entry or replaces the one with the same id, in place", async () => {
  const dir = await mkdtemp(join(tmpdir(), "carnet-manifest-"));
  try {
    const path = join(dir, "models.json");
    await writeFile(path, JSON.stringify({ default: "a", models: [{ id: "a", label: "A", file: "a.gguf" }, { id: "b", label: "B", file: "b.gguf" }] }));
    await upsertManifestEntry(path, { id: "a", label: "A2", file: "a.gguf", demo: false, contextSize: 1024, parallel: 1 });
    await upsertManifestEntry(path, { id: "c", label: "C", file: "c.gguf", demo: false, contextSize: 1024, parallel: 1 });
    const manifest = JSON.parse(await readFile(path, "utf8")) as { default: string; models: { id: string; label: string }[] };
    assert.deepEqual(manifest.models.map((m) => `${m.id}:${m.label}`), ["a:A2", "b:B", "c:C"]);
    assert.equal(manifest.default, "a");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
