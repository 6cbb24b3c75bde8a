import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { minifyTypeScript } from "../../../src/build/minifyTypeScript.ts";

// Shaped like TypeScript's own file: a global `var ts` filled by a function given a module-like object.
const script = `var ts = {};
((module) => {
  function describeVersion(major, minor) { return "TypeScript " + major + "." + minor; }
  module.exports.version = describeVersion(6, 0);
})({ get exports() { return ts; }, set exports(v) { ts = v; } });
`;

test("TypeScript's file in a built site is minified in place and still defines the global the worker returns", async () => {
  const dir = mkdtempSync(join(tmpdir(), "carnet-minify-"));
  try {
    mkdirSync(join(dir, "_astro"));
    writeFileSync(join(dir, "_astro/typescript-Ab12_x.js"), script);
    writeFileSync(join(dir, "_astro/other-Ab12.js"), script);
    const result = await minifyTypeScript(dir);
    assert.equal(result?.file, "_astro/typescript-Ab12_x.js");
    const code = readFileSync(join(dir, "_astro/typescript-Ab12_x.js"), "utf8");
    assert.ok(code.length < script.length);
    assert.equal(result?.after, code.length);
    const ts = new Function(`${code}\nreturn ts;`)() as { version: string };
    assert.equal(ts.version, "TypeScript 6.0");
    assert.equal(readFileSync(join(dir, "_astro/other-Ab12.js"), "utf8"), script);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a site without TypeScript's file is left as it is", async () => {
  const dir = mkdtempSync(join(tmpdir(), "carnet-minify-"));
  try {
    assert.equal(await minifyTypeScript(dir), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
