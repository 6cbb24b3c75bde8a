import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { getLocale, isLocale, localeCodes, matchLocale, parseLocaleRegistry, sourceLocale } from "../../../src/i18n/locales.ts";

describe("locale registry", () => {
  it("publishes the eight locales with English as the source", () => {
    assert.deepEqual([...localeCodes], ["en", "fr", "es", "de", "pt-BR", "ja", "zh-CN", "ar"]);
    assert.equal(sourceLocale, "en");
  });

  it("knows each locale's direction and native name", () => {
    assert.equal(getLocale("ar").dir, "rtl");
    assert.equal(getLocale("fr").dir, "ltr");
    assert.equal(getLocale("ja").name, "日本語");
  });

  it("tells known locales from unknown ones", () => {
    assert.equal(isLocale("pt-BR"), true);
    assert.equal(isLocale("pt"), false);
    assert.equal(isLocale(undefined), false);
    assert.throws(() => getLocale("xx"), /Unknown locale "xx"/);
  });

  it("matches browser preferences: exact first, then the same language", () => {
    assert.equal(matchLocale(["pt-PT", "en"]), "pt-BR");
    assert.equal(matchLocale(["zh-TW"]), "zh-CN");
    assert.equal(matchLocale(["de-AT", "fr"]), "de");
    assert.equal(matchLocale(["sw", "ko"]), undefined);
    assert.equal(matchLocale(["EN-us"]), "en");
  });

  it("rejects a registry entry with a bad field, naming it", () => {
    assert.throws(
      () => parseLocaleRegistry({ locales: [{ code: "en", name: "English", englishName: "English", dir: "up" }] }),
      /locales\.0\.dir/,
    );
    assert.throws(
      () => parseLocaleRegistry({ locales: [{ code: "fr", name: "Français", englishName: "French", dir: "ltr" }, { code: "fr", name: "Français", englishName: "French", dir: "ltr" }] }),
      /fr is listed twice/,
    );
  });
});
