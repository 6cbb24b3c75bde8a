import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import en from "../../../../locales/en.json" with { type: "json" };
import { BACKENDS, backendFromEnv, resolveBackend } from "../../../../src/notebook/models/shared/backends.ts";
import { kernelEnv } from "../../../../src/notebook/models/page/settingsStore.ts";

const page = "http://127.0.0.1:4321";
const lookup = (key: string): unknown => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], en);
const sample = (input: string | undefined) => (input === "url" ? "http://localhost:8080/v1" : "value-1");

describe("model backends", () => {
  test("kinds and setting names are unique", () => {
    const kinds = BACKENDS.map((b) => b.kind);
    assert.equal(new Set(kinds).size, kinds.length);
    const names = BACKENDS.flatMap((b) => b.settings.map((s) => s.name));
    assert.equal(new Set(names).size, names.length, "a setting name is a form field and a storage key");
  });

  for (const type of BACKENDS) {
    test(`${type.kind}: its strings are in locales/en.json`, () => {
      const keys = [`settings.${type.kind}.label`, `settings.${type.kind}.hint`, `modelOutput.backend.${type.kind}`];
      if (type.settings.length > 0) keys.push(`settings.${type.kind}.section`);
      for (const s of type.settings) {
        keys.push(`settings.${type.kind}.${s.name}`, `settings.${type.kind}.${s.name}Hint`);
        if (s.secret) keys.push(`settings.${type.kind}.${s.name}Saved`, `settings.${type.kind}.${s.name}None`);
        if (s.input === "url") keys.push(`settings.${type.kind}.${s.name}Invalid`);
      }
      if (type.needsSite) keys.push(`settings.${type.kind}.models`, `settings.${type.kind}.notAnswering`);
      const backend = resolveBackend(type, Object.fromEntries(type.settings.map((s) => [s.name, sample(s.input)])), page);
      if (backend?.base !== undefined && !backend.inPage) keys.push(`modelErrors.unauthorized.${type.kind}.what`, `modelErrors.unreachable.${type.kind}.what`);
      assert.deepEqual(keys.filter((key) => typeof lookup(key) !== "string"), []);
    });

    test(`${type.kind}: the settings a reader saves reach the kernel and choose this backend`, () => {
      const values = Object.fromEntries(type.settings.map((s) => [s.name, sample(s.input)]));
      const env = kernelEnv({ backend: type.kind, values, remember: false });
      for (const s of type.settings) assert.equal(env[s.env], values[s.name]);
      assert.equal(backendFromEnv(env, page, false).kind, type.kind);
    });
  }

  test("code outside the backend files never asks which backend it has", () => {
    const dir = new URL("../../../../src/notebook/models/", import.meta.url);
    // Every file of models/ (kernel, page and shared) but the backends' own files, in any `backends/` folder.
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !/(^|[\\/])backends[\\/]/.test(f));
    assert.ok(files.length >= 20, `the scan sees models/ (${files.length} files)`);
    const kinds = BACKENDS.map((b) => b.kind).join("|");
    const question = new RegExp(`[!=]==\\s*"(${kinds})"|"(${kinds})"\\s*[!=]==|case\\s+"(${kinds})"`);
    const asking = files.filter((f) => question.test(readFileSync(new URL(f, dir), "utf8")));
    assert.deepEqual(asking, []);
  });
});
