import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { matchLocale, readerLocale } from "../../../src/i18n/matchLocale.ts";

const codes = ["en", "fr", "de", "pt-BR", "zh-CN"];

describe("matching a reader's locale", () => {
  it("takes an exact match first, then the same language, case-insensitively", () => {
    assert.equal(matchLocale(["pt-PT", "en"], codes), "pt-BR");
    assert.equal(matchLocale(["zh-TW"], codes), "zh-CN");
    assert.equal(matchLocale(["de-AT", "fr"], codes), "de");
    assert.equal(matchLocale(["EN-us"], codes), "en");
    assert.equal(matchLocale(["sw", "ko"], codes), undefined);
  });

  it("ignores preferences that are not language tags", () => {
    assert.equal(matchLocale([null, "", 42, "fr-CA"], codes), "fr");
  });

  it("prefers the language the reader chose before, if it is still published", () => {
    assert.equal(readerLocale(codes, "de", ["fr"]), "de");
    assert.equal(readerLocale(codes, "it", ["fr"]), "fr");
    assert.equal(readerLocale(codes, null, []), undefined);
  });
});
