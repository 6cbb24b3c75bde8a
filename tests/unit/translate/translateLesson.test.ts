import { describe, it, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCourse, sectionHashes, translationState } from "../../../src/course/course.ts";
import { readLessonFile, readLessons } from "../../../src/course/readLessons.ts";
import { withTranslation } from "../../../src/course/frontmatter.ts";
import { translateLesson, type SectionRequest } from "../../../src/translate/translateLesson.ts";

const EN = `---
title: Cells
description: How cells work.
order: 1
---

Intro about [cells](#run).

## Run a cell {#run}

Press Run to run the cell.

<Cell id="hello">
\`\`\`ts
// say hello
console.log("Hello");
\`\`\`
</Cell>

## Share names {#share}

Later cells see earlier names.

## Keep going {#more}

Read the next lesson.
`;

/** A stand-in translator: "translates" by tagging prose lines and the cell's comment and string. */
function frenchish(request: SectionRequest): Promise<string> {
  let inCode = false;
  const lines = request.text.split("\n").map((line) => {
    if (line.startsWith("```")) inCode = !inCode;
    if (inCode) return line.replace("// say hello", "// dire bonjour").replace('"Hello"', '"Bonjour"');
    if (/^(TITLE|DESCRIPTION): /.test(line)) return line.replace(/: (.*)$/, ": $1 (fr)");
    if (/^#{2,} /.test(line)) return line.replace(/ \{#/, " (fr) {#");
    if (/^[A-Z]/.test(line)) return `FR: ${line}`;
    return line;
  });
  return Promise.resolve(lines.join("\n"));
}

let root: string;
const file = (locale: string) => join(root, "cells", `${locale}.mdx`);

function calls() {
  const seen: string[] = [];
  const translator = (r: SectionRequest) => {
    seen.push(r.sectionId);
    return frenchish(r);
  };
  return { seen, translator };
}

describe("translate", () => {
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "carnet-translate-"));
    mkdirSync(join(root, "cells"));
    writeFileSync(file("en"), EN);
  });

  it("translates a missing lesson section by section and records provenance", async () => {
    const { seen, translator } = calls();
    const report = await translateLesson({ lesson: "cells", locale: "fr", translator, model: "test/model", root, now: new Date("2026-11-26") });
    assert.equal(report.written, true);
    assert.deepEqual(seen, ["top", "run", "share", "more"]);
    const fr = readLessonFile(file("fr"), "cells/fr");
    assert.equal(fr.data.title, "Cells (fr)");
    assert.match(fr.text, /## Run a cell \(fr\) \{#run\}/);
    assert.match(fr.text, /console\.log\("Bonjour"\);/);
    const state = translationState(buildCourse(readLessons(root)).lessons[0]!, "fr");
    assert.equal(state.status, "current");
    assert.deepEqual(state.machineSections, ["top", "run", "share", "more"]);
    assert.equal(fr.data.translation?.model, "test/model");
  });

  it("rewrites only outdated sections, leaving reviewed and up-to-date ones untouched", async () => {
    await translateLesson({ lesson: "cells", locale: "fr", translator: frenchish, model: "test/model", root });
    // A person reviews #share and corrects it by hand.
    const fr = readLessonFile(file("fr"), "cells/fr");
    const info = fr.data.translation!;
    info.sections.share = { hash: info.sections.share as string, reviewed: new Date("2026-11-27") };
    writeFileSync(file("fr"), withTranslation(fr.text.replace("FR: Later cells", "Les cellules suivantes"), info));
    // The source changes in #run and #share.
    writeFileSync(file("en"), EN.replace("Press Run", "Press the Run button").replace("Later cells see", "Later cells can use"));

    const { seen, translator } = calls();
    const report = await translateLesson({ lesson: "cells", locale: "fr", translator, model: "test/model", root, now: new Date("2026-11-28") });
    assert.deepEqual(seen, ["run"]);
    assert.deepEqual(report.translated, ["run"]);
    assert.deepEqual(report.skipped.map((s) => s.id), ["share"]);
    assert.deepEqual(report.kept, ["top", "more"]);
    const after = readFileSync(file("fr"), "utf8");
    assert.match(after, /FR: Press the Run button/);
    assert.match(after, /Les cellules suivantes/, "the reviewed section keeps the person's text");
    const state = translationState(buildCourse(readLessons(root)).lessons[0]!, "fr");
    assert.deepEqual(state.outdatedSections, ["share"]);
    assert.deepEqual(state.reviewedSections, ["share"]);
    const hashes = sectionHashes(readLessonFile(file("en"), "cells/en"));
    assert.equal(readLessonFile(file("fr"), "cells/fr").data.translation?.sections.run, hashes.get("run"));
  });

  it("writes nothing when a section breaks the structure, and says which and why", async () => {
    const broken = (r: SectionRequest) => (r.sectionId === "run" ? Promise.resolve("## Exécuter {#execute}\n\nTexte.") : frenchish(r));
    const progress: string[] = [];
    const report = await translateLesson({
      lesson: "cells",
      locale: "fr",
      translator: broken,
      model: "test/model",
      root,
      retries: 1,
      onProgress: (e) => e.kind === "section" && progress.push(`${e.id}:${e.attempt}:${e.ok}`),
    });
    assert.equal(report.written, false);
    assert.equal(existsSync(file("fr")), false);
    assert.deepEqual(report.failed.map((f) => f.id), ["run"]);
    assert.match(report.failed[0]!.problems.join("\n"), /sections differ from the source: expected \[run\], found \[execute\]/);
    assert.match(report.failed[0]!.problems.join("\n"), /cells differ/);
    assert.deepEqual(progress, ["top:1:true", "run:1:false", "run:2:false", "share:1:true", "more:1:true"]);
  });

  it("retries a refused section with the reason, and accepts a corrected answer", async () => {
    const feedback: (string | undefined)[] = [];
    let tries = 0;
    const flaky = (r: SectionRequest) => {
      if (r.sectionId !== "share") return frenchish(r);
      feedback.push(r.feedback);
      tries++;
      return tries === 1 ? Promise.resolve(r.text) : frenchish(r);
    };
    const report = await translateLesson({ lesson: "cells", locale: "fr", translator: flaky, model: "test/model", root });
    assert.equal(report.written, true);
    assert.deepEqual(feedback, [undefined, "the text was not translated"]);
  });

  it("retries with the original section and a short reason, never the refused answer", async () => {
    const requests: SectionRequest[] = [];
    const verbose = (r: SectionRequest) => {
      if (r.sectionId !== "run") return frenchish(r);
      requests.push(r);
      return Promise.resolve(`## Exécuter {#execute}\n\n${"Texte très long. ".repeat(200)}`);
    };
    await translateLesson({ lesson: "cells", locale: "fr", translator: verbose, model: "test/model", root, retries: 2 });
    assert.equal(requests.length, 3);
    for (const r of requests) assert.match(r.text, /^## Run a cell \{#run\}\n\nPress Run to run the cell\./, "every try sends the source section");
    assert.ok(requests.slice(1).every((r) => r.feedback !== undefined && r.feedback.length <= 400 && !r.feedback.includes("Texte très long")));
  });

  it("records the model that answered when it is not the one asked for", async () => {
    const fallback = async (r: SectionRequest) => ({ text: await frenchish(r), model: "carnet/tiny" });
    const report = await translateLesson({ lesson: "cells", locale: "fr", translator: fallback, model: "Qwen/Qwen2.5-72B-Instruct", root });
    assert.deepEqual(report.answeredBy, ["carnet/tiny"]);
    assert.equal(readLessonFile(file("fr"), "cells/fr").data.translation?.model, "carnet/tiny");
  });
});
