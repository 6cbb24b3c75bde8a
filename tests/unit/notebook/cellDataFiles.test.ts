import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cellDataFiles } from "../../../src/notebook/cellDataFiles.ts";

describe("the data files a lesson's cells import", () => {
  it("lists each data file once, in order of first import, whatever the import's form", () => {
    const cells = [
      { code: 'import lessonData from "./models.json" with { type: "json" };\nconsole.log(lessonData);' },
      { code: "import { asOf } from './prices.json';\nimport rows from \"./data/levels.csv\";" },
      { code: 'import again from "./models.json";' },
    ];
    assert.deepEqual(cellDataFiles(cells), ["./models.json", "./prices.json", "./data/levels.csv"]);
  });

  it("leaves out packages, paths outside the lesson's folder and code that only mentions a file", () => {
    const cells = [
      { code: 'import { InferenceClient } from "@huggingface/inference";' },
      { code: 'import secrets from "../secrets.json";\nimport x from "./x.js";' },
      { code: 'console.log("import y from \'./y\'"); const file = "./models.json";' },
    ];
    assert.deepEqual(cellDataFiles(cells), []);
  });
});
