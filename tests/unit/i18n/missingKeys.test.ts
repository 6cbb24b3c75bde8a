import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { expectedKeys, findMissingKeys, flattenKeys } from "../../../src/i18n/missingKeys.ts";

const source = { site: { title: "Carnet" }, course: { count_one: "{{count}} lesson", count_other: "{{count}} lessons" } };

describe("missing UI keys", () => {
  it("flattens nested keys", () => {
    assert.deepEqual([...flattenKeys(source).keys()], ["site.title", "course.count_one", "course.count_other"]);
  });

  it("expects each language's own plural forms", () => {
    assert.deepEqual([...expectedKeys(["n_one", "n_other"], "ja")], ["n_other"]);
    assert.deepEqual([...expectedKeys(["n_one", "n_other"], "ar")].sort(), ["n_few", "n_many", "n_one", "n_other", "n_two", "n_zero"]);
  });

  it("accepts a complete locale", () => {
    assert.deepEqual(findMissingKeys(source, { site: { title: "Carnet" }, course: { count_other: "{{count}} 課" } }, "ja"), []);
  });

  it("names a missing key, a missing plural form, a non-string and an unused key", () => {
    const problems = findMissingKeys(source, { site: { title: 3 }, course: { count_one: "x" }, extra: "y" }, "de");
    assert.deepEqual(problems, [
      { key: "site.title", problem: "not a string" },
      { key: "course.count_other", problem: "missing" },
      { key: "extra", problem: "unused" },
    ]);
    const arabic = findMissingKeys(source, { site: { title: "كارنيه" }, course: { count_one: "a", count_other: "b" } }, "ar");
    assert.deepEqual(arabic.map((p) => `${p.key}:${p.problem}`).sort(), [
      "course.count_few:missing plural form",
      "course.count_many:missing plural form",
      "course.count_two:missing plural form",
      "course.count_zero:missing plural form",
    ]);
  });
});
