/**
 * The "Open Source Models" data files: every family's newest release is
 * sourced and dated, and the rubric's "partial" means one thing in the
 * schema, the data and the lesson's text (in every language).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { artefacts, modelsSchema, parseLessonData, partialMeaning } from "../../../src/course/lessonModels.ts";
import { localeCodes } from "../../../src/i18n/locales.ts";

const dir = "content/lessons/open-source-models";
const raw = JSON.parse(readFileSync(`${dir}/models.json`, "utf8")) as Record<string, unknown>;
const data = parseLessonData("models.json", modelsSchema, raw);

describe("models.json: newest releases", () => {
  for (const family of data.families) {
    it(`${family.name}: the newest release has a claim, a source and a check date no later than the file's`, () => {
      assert.ok(family.newest, `${family.id} has no "newest"`);
      assert.ok(family.newest.claim.trim().length > 0);
      assert.ok(family.newest.source.trim().length > 0);
      assert.match(family.newest.checked, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(family.newest.checked <= data.asOf, `${family.id} checked ${family.newest.checked}, file as of ${data.asOf}`);
    });
  }

  it("a release only press reports support names its sources", () => {
    for (const family of data.families)
      for (const release of family.releases) if (!release.verified) assert.ok(release.source, `${release.name} is unverified and has no source`);
  });

  it("a family without a dated newest release is refused", () => {
    const family = structuredClone(data.families[0]!) as Record<string, unknown>;
    const newest = family.newest as Record<string, unknown>;
    delete newest.checked;
    const broken = { ...raw, families: [family] };
    assert.throws(() => parseLessonData("models.json", modelsSchema, broken), /families\.0\.newest\.checked/);
  });
});

describe('models.json: one meaning of "partial"', () => {
  it("the schema, the data's levels and the rubric agree", () => {
    assert.ok(data.opennessLevels.partial.startsWith(partialMeaning));
    for (const family of data.families) {
      for (const artefact of artefacts) {
        if (family.openness[artefact] !== "partial") continue;
        assert.match(data.opennessRubric[artefact], /partial:/, `${family.id}.${artefact} is partial, and the rubric defines it`);
      }
    }
  });

  it('no note uses "partial" for something that was not checked', () => {
    for (const family of data.families) assert.doesNotMatch(family.opennessNote ?? "", /not checked/i, family.id);
    assert.doesNotMatch(data.opennessLevels.partial, /not checked/i);
  });

  it("an artefact marked partial where the rubric gives partial no meaning is refused", () => {
    const family = structuredClone(raw.families as unknown[])[0] as { openness: Record<string, string> };
    family.openness.fineTuningCode = "partial";
    assert.throws(() => parseLessonData("models.json", modelsSchema, { ...raw, families: [family] }), /fineTuningCode/);
  });

  it('the lesson defines "partial" as part of an artefact published, scores it half, and never as "not checked"', () => {
    const en = readFileSync(`${dir}/en.mdx`, "utf8");
    assert.match(en, /counts as \*partial\* when only part of it is published/);
    for (const locale of localeCodes) {
      const text = readFileSync(`${dir}/${locale}.mdx`, "utf8");
      assert.match(text, /partial: 0\.5/, `${locale}: the scorer gives partial half a point`);
    }
    assert.doesNotMatch(en, /partial[^.]*not checked/i);
  });
});
