import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { labelKeys, untranslatedLabels } from "../../../src/course/cellLabels.ts";
import { checkLessonWording } from "../../../src/course/checkLessonWording.ts";
import { missingTerms, parseGlossary, usesTerm } from "../../../src/course/glossaryTerms.ts";
import { readLessons } from "../../../src/course/readLessons.ts";
import { localeCodes } from "../../../src/i18n/locales.ts";
import { misquotedLabels } from "../../../src/i18n/quotedUiLabels.ts";

const strings = Object.fromEntries(localeCodes.map((code) => [code, JSON.parse(readFileSync(`locales/${code}.json`, "utf8"))]));
const glossary = parseGlossary(JSON.parse(readFileSync("content/glossary.json", "utf8")));

describe("quoted control labels", () => {
  it("finds a control quoted with another language's label", () => {
    assert.deepEqual(misquotedLabels("そのまま「Run」を押してください。", "ja", strings), [{ line: 1, quoted: "Run", key: "notebook.run", expected: "実行" }]);
    assert.equal(misquotedLabels("Klicken Sie auf „Run“.", "de", strings)[0]?.expected, "Ausführen");
  });

  it("accepts the interface's own label, unquoted words and code", () => {
    assert.deepEqual(misquotedLabels('Press "Run".', "en", strings), []);
    assert.deepEqual(misquotedLabels("Klicken Sie auf „Ausführen“.", "de", strings), []);
    assert.deepEqual(misquotedLabels("Run the cell. `\"Run\"` is code.\n```ts\nconsole.log(\"Run\");\n```", "fr", strings), []);
  });
});

describe("printed labels in cells", () => {
  it("are the string keys of object literals, not API fields or ternary branches", () => {
    assert.deepEqual(labelKeys('console.table([{ "model": m, "time (ms)": t, max_tokens: 1, x: ok ? "yes" : "no" }])'), ["model", "time (ms)"]);
  });

  it("must differ from English unless the glossary says the word is the same", () => {
    const en = 'console.table([{ "words": n, "score": s, "-": 0 }])';
    assert.deepEqual(untranslatedLabels(en, 'console.table([{ "words": n, "score": s, "-": 0 }])', ["score"]), ["words"]);
    assert.deepEqual(untranslatedLabels(en, 'console.table([{ "mots": n, "score": s, "-": 0 }])', ["score"]), []);
  });
});

describe("glossary terms", () => {
  it("match English whole words and plurals only", () => {
    assert.equal(usesTerm("Routers pick experts.", "router"), true);
    assert.equal(usesTerm("The routing table.", "router"), false);
  });

  it("report a translation that renders a term otherwise than the glossary", () => {
    assert.deepEqual(missingTerms("Send one prompt to a router.", "أرسل موجّهًا واحدًا إلى مُوجِّه.", "ar", glossary), ["prompt"]);
    assert.deepEqual(missingTerms("Send one prompt to a router.", "أرسل تعليمة واحدة إلى مُوجِّه.", "ar", glossary), []);
    // Forms match across line breaks and inflections.
    assert.deepEqual(missingTerms("A mixture of experts.", "Une mélange\nd'experts.", "fr", glossary), []);
    assert.deepEqual(missingTerms("A dense model.", "dense モデル", "ja", glossary), ["dense"]);
  });
});

describe("checkLessonWording", () => {
  it("passes on the project's lessons", () => {
    assert.deepEqual(checkLessonWording(readLessons(), strings, glossary), []);
  });

  it("reports each kind of problem in a changed translation, with file and line", () => {
    const files = readLessons().map((f) =>
      f.id === "open-source-models/ja"
        ? { ...f, text: f.text.replace('<UiLabel name="notebook.run" />', "「Run」").replace('"単語数"', '"words"').replace("密モデルは", "dense モデルは") }
        : f,
    );
    const messages = checkLessonWording(files, strings, glossary).map((p) => `${p.file}:${p.line}: ${p.message}`);
    assert.equal(messages.length, 3, messages.join("\n"));
    assert.match(messages[0]!, /ja\.mdx:\d+: "Run" names a control the interface labels "実行" here: write <UiLabel name="notebook.run" \/>/);
    assert.match(messages[1]!, /ja\.mdx:\d+: section #model-families: "dense" is not translated as content\/glossary\.json says/);
    assert.match(messages[2]!, /ja\.mdx:\d+: cell "side-by-side": printed label "words" is not translated/);
  });
});
