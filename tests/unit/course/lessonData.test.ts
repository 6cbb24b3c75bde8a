import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { baseDataPath, dataDeclaration, isDataFile, schemaPathOf, servedDataFiles } from "../../../src/course/lessonData.ts";
import { csvRows } from "../../../src/course/csvRows.ts";
import { linkForLocale, localizeLinks } from "../../../src/course/lessonLinks.ts";

describe("lesson data files", () => {
  it("takes any .json or .csv in the lesson's folder or below, but not recordings, schemas or paths above it", () => {
    for (const path of ["models.json", "data/levels.json", "data/levels.csv", "a/b/c.json"]) assert.ok(isDataFile(path), path);
    for (const path of ["recorded.json", "data/levels.schema.json", "../x.json", "/x.json", "data/levels.txt", ".hidden.json"]) assert.ok(!isDataFile(path), path);
  });

  it("serves a translation's own copy under the source's name, and the source's file otherwise", () => {
    const files = [
      { path: "data/levels.json", text: "[1]" },
      { path: "data/levels.fr.json", text: "[2]" },
      { path: "data/levels.schema.json", text: "{}" },
      { path: "prices.json", text: "{}" },
    ];
    assert.deepEqual([...servedDataFiles(files, "fr")], [["data/levels.json", "[2]"], ["prices.json", "{}"]]);
    assert.deepEqual([...servedDataFiles(files, "de")], [["data/levels.json", "[1]"], ["prices.json", "{}"]]);
    assert.equal(baseDataPath("data/levels.fr.json"), "data/levels.json");
    assert.equal(schemaPathOf("data/levels.fr.json"), "data/levels.schema.json");
    assert.equal(schemaPathOf("data/hours.csv"), "data/hours.schema.json");
  });

  it("reads a CSV as rows keyed by its header, quotes and line breaks included, and types it the same way", () => {
    const text = 'level,"note, quoted"\r\nA1,"say ""hi""\nthen go"\nB2,\n';
    assert.deepEqual(csvRows(text), [
      { level: "A1", "note, quoted": 'say "hi"\nthen go' },
      { level: "B2", "note, quoted": "" },
    ]);
    assert.equal(dataDeclaration("x.csv", text), 'declare const rows: { "level": string; "note, quoted": string }[];\nexport default rows;\n');
    assert.equal(dataDeclaration("x.json", "[1]"), "[1]");
  });
});

describe("links across languages", () => {
  it("leads a link to a lesson to the same lesson in the translation's language, and leaves others alone", () => {
    assert.equal(linkForLocale("/en/lessons/tokens/#what", "fr"), "/fr/lessons/tokens/#what");
    assert.equal(linkForLocale("/pt-BR/lessons/tokens/", "ja"), "/ja/lessons/tokens/");
    for (const other of ["https://example.org/en/lessons/x/", "#top", "../tokens/", "/xx/lessons/tokens/"]) assert.equal(linkForLocale(other, "fr"), other);
    assert.equal(
      localizeLinks('See [tokens](/en/lessons/tokens/) and <a href="/en/lessons/x/">x</a>.\n\n[ref]: /en/lessons/y/\n', "de"),
      'See [tokens](/de/lessons/tokens/) and <a href="/de/lessons/x/">x</a>.\n\n[ref]: /de/lessons/y/\n',
    );
  });
});
