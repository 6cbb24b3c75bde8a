import assert from "node:assert/strict";
import { test } from "node:test";
import { namesBrowserModel } from "../../../../src/notebook/models/shared/browser/sameModel.ts";
import { browserCatalogue, findBrowserModel } from "../../../../src/notebook/models/shared/browser/catalogue.ts";

const smol = findBrowserModel(browserCatalogue(), "smollm2-360m-instruct-q8_0")!;
const tiny = findBrowserModel(browserCatalogue(), "carnet-tiny-demo")!;

test("a cell asking for the model by its hub name, its GGUF repo or its catalogue id is answered by that model, not another", () => {
  for (const asked of ["HuggingFaceTB/SmolLM2-360M-Instruct", "huggingfacetb/smollm2-360m-instruct", "HuggingFaceTB/SmolLM2-360M-Instruct-GGUF", "smollm2-360m-instruct-q8_0"]) {
    assert.equal(namesBrowserModel(smol, asked), true, asked);
  }
});

test("other models, near names and odd input are another model", () => {
  for (const asked of ["HuggingFaceTB/SmolLM2-1.7B-Instruct", "SmolLM2-360M-Instruct", "HuggingFaceTB/SmolLM2-360M-Instruct ", "", "𝓢𝓶𝓸𝓵", "x".repeat(100_000)]) {
    assert.equal(namesBrowserModel(smol, asked), false, asked.slice(0, 40));
  }
  assert.equal(namesBrowserModel(tiny, "HuggingFaceTB/SmolLM2-360M-Instruct"), false);
  assert.equal(namesBrowserModel(tiny, "carnet-tiny-demo"), true);
});
