import assert from "node:assert/strict";
import { test } from "node:test";
import { hrefUnderBase } from "../../../src/markdown/baseLinks.ts";

test("a link written from the site's root goes under the base", () => {
  assert.equal(hrefUnderBase("/fr/lessons/open-source-models/#try-a-model", "/course/"), "/course/fr/lessons/open-source-models/#try-a-model");
  assert.equal(hrefUnderBase("/ja/lessons/next-word/", "/a/b/"), "/a/b/ja/lessons/next-word/");
});

test("other links stay as written, and nothing changes at the root", () => {
  for (const href of ["../next-word/", "#seeds", "https://huggingface.co/docs", "//cdn.example/x.js", "mailto:a@b.c", ""]) {
    assert.equal(hrefUnderBase(href, "/course/"), href);
  }
  assert.equal(hrefUnderBase("/en/lessons/next-word/", "/"), "/en/lessons/next-word/");
});
