import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { pageTranslator } from "../../../src/i18n/pageTranslator.ts";

describe("the page scripts' string lookup", () => {
  it("picks each language's plural form from the count", () => {
    const ar = pageTranslator("ar", {
      notebook: {
        showMore_zero: "لا أسطر أخرى",
        showMore_one: "سطر واحد آخر",
        showMore_two: "سطران آخران",
        showMore_few: "{{count}} أسطر أخرى",
        showMore_many: "{{count}} سطرًا آخر",
        showMore_other: "{{count}} سطر آخر",
      },
    });
    assert.equal(ar("notebook.showMore", { count: 1 }), "سطر واحد آخر");
    assert.equal(ar("notebook.showMore", { count: 2 }), "سطران آخران");
    assert.equal(ar("notebook.showMore", { count: 5 }), "5 أسطر أخرى");
    assert.equal(ar("notebook.showMore", { count: 11 }), "11 سطرًا آخر");
    const en = pageTranslator("en", { notebook: { showMore_one: "{{count}} more line", showMore_other: "{{count}} more lines" } });
    assert.equal(en("notebook.showMore", { count: 1 }), "1 more line");
    assert.equal(en("notebook.showMore", { count: 3 }), "3 more lines");
    assert.equal(en("notebook.showMore", { count: 1234 }), "1,234 more lines", "the count is written the language's way");
  });

  it("fills values, without escaping text that the page inserts as text", () => {
    const t = pageTranslator("fr", { notebook: { runningFor: "En cours… {{seconds}} s <b>" } });
    assert.equal(t("notebook.runningFor", { seconds: "1,2" }), "En cours… 1,2 s <b>");
  });

  it("reads keys under a prefix, and shows a missing key as its full key", () => {
    const t = pageTranslator("de", { notebook: { run: "Ausführen" } }, "notebook");
    assert.equal(t("run"), "Ausführen");
    assert.equal(t("stop"), "notebook.stop");
    // @ts-expect-error a misspelt key is not a key of the notebook's strings (checked by `npm run check`)
    assert.equal(t("rnu"), "notebook.rnu");
  });

  it("looks up a key made at run time, saying when there is no such string", () => {
    const t = pageTranslator("fr", { notebook: { errors: { noClose: "Pas de {{name}} ici" } } }, "notebook");
    const note = "noClose";
    assert.equal(t.optional(`errors.${note}`, { name: "close()" }), "Pas de close() ici");
    assert.equal(t.optional("errors.elsewhere"), undefined);
    const full = pageTranslator("fr", { modelErrors: { detail: "Détail : {{detail}}" } });
    assert.equal(full.optional("modelErrors.detail", { detail: "{{detail}}" }), "Détail : {{detail}}", "a value is inserted as it is, never read as a template");
    assert.equal(full.optional("modelErrors.detailBy.site"), undefined);
  });
});
