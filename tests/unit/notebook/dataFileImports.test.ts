import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createModuleLoader, fetchDataFiles, ModuleNotAvailableError } from "../../../src/notebook/kernel/modules.ts";

describe("lesson data files as modules", () => {
  const served: Record<string, unknown> = {
    "https://site.test/en/lessons/x/prices.json": { asOf: "2026-11-29" },
    "https://site.test/en/lessons/x/data/levels.json": [{ level: "A1" }],
    "https://site.test/en/lessons/x/data/levels.csv": 'level,words\nA1,500\n"B2, upper",4000\n',
  };
  const requested: string[] = [];
  const fetcher = (async (url: URL) => {
    requested.push(String(url));
    const body = served[String(url)];
    if (!body) return new Response("not found", { status: 404 });
    return new Response(typeof body === "string" ? body : JSON.stringify(body));
  }) as typeof fetch;
  const load = createModuleLoader({}, {}, fetchDataFiles("https://site.test/en/lessons/x/", fetcher));

  it("reads ./name.json beside the lesson page as the default export", async () => {
    assert.deepEqual(await load("./prices.json"), { default: { asOf: "2026-11-29" } });
  });

  it("reads files in a folder of the lesson, and a CSV as rows keyed by its header", async () => {
    assert.deepEqual(await load("./data/levels.json"), { default: [{ level: "A1" }] });
    assert.deepEqual(await load("./data/levels.csv"), { default: [{ level: "A1", words: "500" }, { level: "B2, upper", words: "4000" }] });
  });

  it("names what is available when the lesson has no such file", async () => {
    await assert.rejects(load("./missing.json"), ModuleNotAvailableError);
  });

  it("fetches nothing outside the lesson's folder", async () => {
    requested.length = 0;
    for (const specifier of ["../secrets.json", "./data/../../x.json", "./.hidden.json", "/etc/x.json", "https://elsewhere.test/x.json", "./x.js"]) {
      await assert.rejects(load(specifier), ModuleNotAvailableError, specifier);
    }
    assert.deepEqual(requested, []);
  });

  it("reads a file the page fetched already from its text, and fetches only the others", async () => {
    requested.length = 0;
    const fetched = { "./prices.json": '{"asOf":"2026-12-01"}', "./data/levels.csv": "level,words\nC1,8000\n" };
    const early = createModuleLoader({}, {}, fetchDataFiles("https://site.test/en/lessons/x/", fetcher, fetched));
    assert.deepEqual(await early("./prices.json"), { default: { asOf: "2026-12-01" } });
    assert.deepEqual(await early("./data/levels.csv"), { default: [{ level: "C1", words: "8000" }] });
    assert.deepEqual(requested, []);
    assert.deepEqual(await early("./data/levels.json"), { default: [{ level: "A1" }] });
    assert.deepEqual(requested, ["https://site.test/en/lessons/x/data/levels.json"]);
  });
});
