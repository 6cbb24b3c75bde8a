/**
 * Page scripts' string keys are typed: the TypeScript compiler checks a
 * small page script (kept in this file, never on disk) that calls each
 * page lookup — the notebook's, the settings panel's and model outputs',
 * the search box's — with keys of `locales/en.json` and with misspelt ones,
 * and must refuse exactly the misspelt ones.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, "pageKeysFixture.ts");

/** Lines ending in `// wrong` must fail to compile; every other line must compile. */
const source = `
import type { Strings } from "../../../src/notebook/page/strings.ts";
import type { ModelStrings } from "../../../src/notebook/models/page/pageData.ts";
import { pageTranslator } from "../../../src/i18n/pageTranslator.ts";
declare const notebook: Strings;
declare const models: ModelStrings;
const search = pageTranslator("en", { search: {} });
notebook("runningFor", { seconds: "1.2" });
notebook("state.idle");
notebook("types.count", { count: 2 });
models("modelOutput.answered", { model: "m", backend: "b" });
models("settings.browser.download");
models("modelErrors.rateLimited.nextIn");
search("search.resultCount", { count: 2 });
notebook.optional("errors." + String(Math.random()));
notebook("runingFor"); // wrong
notebook("notebook.runningFor"); // wrong
notebook("showMore_one", { count: 1 }); // wrong
models("modelOutput.answerd"); // wrong
models("notebook.run"); // wrong
search("search.lodaing"); // wrong
search("loading"); // wrong
`;

function compileFixture(): ts.Diagnostic[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    types: [],
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, version, ...rest) => (name === fixture ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest));
  host.fileExists = (name) => name === fixture || fileExists(name);
  const program = ts.createProgram([fixture], options, host);
  return [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
}

describe("page scripts' string keys", () => {
  it("refuse a misspelt key, or a key of a section the lookup does not get, and only those", () => {
    const diagnostics = compileFixture();
    const fixtureFile = diagnostics.filter((d) => d.file?.fileName === fixture);
    assert.deepEqual(
      diagnostics.filter((d) => d.file?.fileName !== fixture).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
      [],
      "the page modules the check reads compile",
    );
    const lines = source.split("\n");
    const failing = new Set(fixtureFile.map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line));
    const expected = new Set(lines.flatMap((line, i) => (line.endsWith("// wrong") ? [i] : [])));
    assert.equal(expected.size, 7);
    assert.deepEqual([...failing].sort((a, b) => a - b).map((i) => lines[i]), [...expected].sort((a, b) => a - b).map((i) => lines[i]));
    for (const d of fixtureFile) assert.equal(d.code, 2345, ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  });
});
