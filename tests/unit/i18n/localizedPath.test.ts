import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { indexPath, lessonPath, localeOfPath, normalizeBase, siteBase, withBase } from "../../../src/i18n/localizedPath.ts";

describe("localized paths", () => {
  it("builds index and lesson paths", () => {
    assert.equal(indexPath("fr"), "/fr/");
    assert.equal(lessonPath("pt-BR", "open-source-models"), "/pt-BR/lessons/open-source-models/");
    assert.equal(lessonPath("ar", "welcome", "cells"), "/ar/lessons/welcome/#cells");
  });

  it("finds the locale of a path", () => {
    assert.equal(localeOfPath("/zh-CN/lessons/x/"), "zh-CN");
    assert.equal(localeOfPath("/"), undefined);
    assert.equal(localeOfPath("/xx/lessons/x/"), undefined);
  });

  it("normalizes a base path to one slash at each end", () => {
    assert.equal(normalizeBase("/"), "/");
    assert.equal(normalizeBase(""), "/");
    assert.equal(normalizeBase("course"), "/course/");
    assert.equal(normalizeBase("/course"), "/course/");
    assert.equal(normalizeBase("//org//course//"), "/org/course/");
  });

  it("puts every path under the base; the default base is /", () => {
    assert.equal(siteBase, "/");
    assert.equal(withBase("/favicon.svg", "/course/"), "/course/favicon.svg");
    assert.equal(withBase("/", "/course/"), "/course/");
    assert.equal(indexPath("fr", "/course/"), "/course/fr/");
    assert.equal(lessonPath("ar", "welcome", "cells", "/org/course/"), "/org/course/ar/lessons/welcome/#cells");
  });
});
