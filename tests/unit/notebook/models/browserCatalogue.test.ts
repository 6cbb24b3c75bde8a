/** The browser model catalogue: valid, honest about its figures, and the site's tiny model is the file the generator makes. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { buildTinyModel } from "../../../../src/cli/tinyModel.ts";
import { browserCatalogue, modelFileUrl } from "../../../../src/notebook/models/shared/browser/catalogue.ts";
import { siteModelBytes } from "../../../../src/build/siteModelFiles.ts";

const catalogue = browserCatalogue();

describe("browser model catalogue", () => {
  test("the tiny model's size and sha256 are those of the generated file, which the build serves", () => {
    const tiny = catalogue.models.find((m) => m.demo)!;
    const bytes = buildTinyModel();
    assert.equal(tiny.bytes, bytes.length);
    assert.equal(tiny.sha256, createHash("sha256").update(bytes).digest("hex"));
    assert.ok(siteModelBytes().get("carnet-tiny-demo.gguf")?.equals(bytes));
    assert.equal(modelFileUrl(tiny, "/"), "/models/carnet-tiny-demo.gguf");
    assert.equal(modelFileUrl(tiny, "/course"), "/course/models/carnet-tiny-demo.gguf");
  });

  test("two or three real instruct models from the hub, each figure with its source and date", () => {
    const real = catalogue.models.filter((m) => !m.demo);
    assert.ok(real.length >= 2 && real.length <= 3, `${real.length} real models`);
    for (const model of real) {
      assert.ok(model.hub, `${model.id} names its hub file`);
      assert.ok(model.url.includes(model.hub.repo) && model.url.endsWith(model.hub.file), `${model.id}: url and hub agree`);
      if (model.sha256 || model.bytes) assert.ok(model.checked?.source && model.checked.date, `${model.id}: figures have a source`);
      assert.equal(modelFileUrl(model, "/"), model.url);
    }
  });

  test("a figure without its source, a hub model without its file, or an unknown default is refused", () => {
    const base = structuredClone(catalogue);
    const real = base.models.find((m) => m.sha256 && !m.demo)!;
    delete real.checked;
    assert.throws(() => browserCatalogue(base), /needs `checked`/);
    const noHub = structuredClone(catalogue);
    delete noHub.models.find((m) => m.hub)!.hub;
    assert.throws(() => browserCatalogue(noHub), /names its `hub`/);
    assert.throws(() => browserCatalogue({ ...catalogue, default: "nope" }), /default/);
  });
});
