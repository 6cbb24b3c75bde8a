/**
 * Catalogue names for real models on the server: `model:pull -- <name>` and
 * `npm start -- --model <name>` against a local imitation of the hub —
 * download, checksum, serve — and a catalogue checksum the hub contradicts
 * stops the download before it starts.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { buildTinyModel } from "../../../src/cli/tinyModel.ts";
import { catalogueTarget, pullModel } from "../../../src/cli/modelPull.ts";
import { browserCatalogue } from "../../../src/notebook/models/shared/browser/catalogue.ts";
import { readManifest } from "../../../src/server/manifest.ts";
import { startFakeHub, type FakeHub } from "./helpers/fakeHub.ts";
import { makeSiteFixture } from "./helpers/siteFixture.ts";
import { startServerProcess } from "../../support/serverProcess.ts";

const catalogue = browserCatalogue();
/** A catalogue entry the hub has no published checksum for (checked against x-linked-etag at download). */
const unpinned = catalogue.models.find((m) => m.hub && !m.sha256)!;
/** One whose sha256 the catalogue pins. */
const pinned = catalogue.models.find((m) => m.hub && m.sha256)!;
const bytes = buildTinyModel();
let hub: FakeHub;
let dir: string;
let manifestPath: string;

before(async () => {
  // The imitation hub serves the tiny model under the catalogue's repos and file names.
  hub = await startFakeHub({ [unpinned.hub!.repo]: { [unpinned.hub!.file]: bytes }, [pinned.hub!.repo]: { [pinned.hub!.file]: bytes } });
});
after(() => hub.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "carnet-catalogue-"));
  manifestPath = join(dir, "models.json");
  await writeFile(manifestPath, JSON.stringify({ models: [] }));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("catalogue names", () => {
  test("every hub entry of the catalogue is a pull target with its id, label and pinned values", () => {
    for (const model of catalogue.models.filter((m) => m.hub)) {
      assert.deepEqual(catalogueTarget(model.id), { ...model.hub, id: model.id, label: model.label, expect: { size: model.bytes, sha256: model.sha256 } });
    }
    assert.equal(catalogueTarget("carnet-tiny-demo"), undefined, "the site's own file is not on the hub");
    assert.equal(catalogueTarget("no-such-model"), undefined);
  });

  test("model:pull with a catalogue name downloads, checks and registers the model under that name", async () => {
    const result = await pullModel({ ...catalogueTarget(unpinned.id)!, hubUrl: hub.url, manifestPath });
    assert.ok((await readFile(join(dir, unpinned.hub!.file))).equals(bytes));
    const manifest = await readManifest(manifestPath);
    assert.equal(manifest.models[0]!.id, unpinned.id);
    assert.equal(manifest.models[0]!.label, unpinned.label);
    assert.equal(result.entry.source?.kind === "huggingface" && result.entry.source.size, bytes.length);
  });

  test("a file whose hub checksum differs from the catalogue's is refused before any byte is fetched", async () => {
    hub.requests.length = 0;
    await assert.rejects(pullModel({ ...catalogueTarget(pinned.id)!, hubUrl: hub.url, manifestPath }), /the catalogue [0-9a-f]{64}; nothing was downloaded/);
    assert.deepEqual(hub.requests.filter((r) => r.path.startsWith("/storage/")), []);
    await assert.rejects(stat(join(dir, pinned.hub!.file)));
    assert.deepEqual((await readManifest(manifestPath)).models, []);
  });

  test("npm start -- --model <name> pulls the model, makes it the default and serves it", async () => {
    const site = await makeSiteFixture(join(dir, "site"));
    const server = await startServerProcess({ SITE_DIR: site, MODELS_MANIFEST: manifestPath, HF_ENDPOINT: hub.url }, ["src/cli/start.ts", "--model", unpinned.id]);
    try {
      assert.match(server.output(), new RegExp(`Default model: ${unpinned.id.replace(/\./g, "\\.")}`));
      assert.equal((await readManifest(manifestPath)).default, unpinned.id);
      const listed = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: { id: string }[] };
      assert.deepEqual(listed.data.map((m) => m.id), [unpinned.id]);
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "meta-llama/Llama-3.1-8B-Instruct", messages: [{ role: "user", content: "Hi" }], max_tokens: 4 }),
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("x-served-model"), unpinned.id);
    } finally {
      await server.stop();
    }
  });
});
