import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { flattenKeys } from "../../../src/i18n/missingKeys.ts";
import type { UiKey } from "../../../src/i18n/uiKeys.ts";

// Checked by `astro check` (npm test's first stage): these lines stop compiling if keys are no longer typed.
const known: UiKey[] = ["notebook.run", "course.lessonCount", "settings.huggingface.label"];
// @ts-expect-error a misspelt key is not a UI key
const misspelt: UiKey = "notebok.run";
// @ts-expect-error plural forms are called by their base key, with a count
const pluralForm: UiKey = "course.lessonCount_one";

describe("typed UI keys", () => {
  it("are the keys of the source locale's strings, plural forms by their base", () => {
    const source = JSON.parse(readFileSync(new URL("../../../locales/en.json", import.meta.url), "utf8"));
    const keys = new Set([...flattenKeys(source).keys()].map((k) => k.replace(/_(zero|one|two|few|many|other)$/, "")));
    for (const key of known) assert.ok(keys.has(key), key);
    assert.ok(!keys.has(misspelt) && !keys.has(pluralForm));
  });
});
