import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { getLocale, isLocale, localeCodes, parseLocaleRegistry, sourceLocale } from "../../../src/i18n/locales.ts";

const registry = JSON.parse(readFileSync(new URL("../../../src/i18n/locales.json", import.meta.url), "utf8")) as { locales: { code: string }[] };

describe("locale registry", () => {
  it("publishes every locale of locales.json, in order, the first as the source", () => {
    assert.deepEqual([...localeCodes], registry.locales.map((l) => l.code));
    assert.equal(sourceLocale, registry.locales[0]!.code);
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
