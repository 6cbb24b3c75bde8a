/** Settings from the environment: defaults, parsing, and errors naming the variable. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readSettings, settingDefaults, settingDocs } from "../../../src/server/settings.ts";

test("defaults: port 4321 on 127.0.0.1, fallback policy, localhost CORS", () => {
  const s = readSettings({});
  assert.equal(s.port, 4321);
  assert.equal(s.host, "127.0.0.1");
  assert.equal(s.unknownModelPolicy, "fallback");
  assert.deepEqual(s.corsOrigins, ["localhost"]);
  assert.equal(s.hfToken, undefined);
  assert.equal(s.apiKey, undefined);
  assert.ok(s.llamaThreads >= 1);
});

test("values are parsed from strings", () => {
  const s = readSettings({ PORT: "8080", QUEUE_LENGTH: "0", TRUST_PROXY: "true", CORS_ORIGINS: "https://a.example, localhost", HF_TOKEN: "hf_x", HF_ROUTER_URL: "http://127.0.0.1:9/" });
  assert.equal(s.port, 8080);
  assert.equal(s.queueLength, 0);
  assert.equal(s.trustProxy, true);
  assert.deepEqual(s.corsOrigins, ["https://a.example", "localhost"]);
  assert.equal(s.hfToken, "hf_x");
  assert.equal(s.hfRouterUrl, "http://127.0.0.1:9");
});

test("bad values fail with one line per variable, never echoing secrets", () => {
  assert.throws(
    () => readSettings({ PORT: "eighty", UNKNOWN_MODEL_POLICY: "guess", LLAMA_THREADS: "0" }),
    (error: Error) =>
      /PORT: must be a whole number from 0 to 65535 \(got "eighty"\)/.test(error.message) &&
      /UNKNOWN_MODEL_POLICY: must be either fallback or not-found/.test(error.message) &&
      /LLAMA_THREADS: must be at least 1/.test(error.message),
  );
});

test("every setting has its documentation and the defaults cover the schema", () => {
  const defaults = settingDefaults();
  for (const name of Object.keys(settingDocs)) {
    assert.ok(settingDocs[name as keyof typeof settingDocs].length > 10, name);
    if (name !== "HF_TOKEN" && name !== "CARNET_API_KEY") assert.notEqual(defaults[name as keyof typeof defaults], undefined, name);
  }
});

test("site base, allowed hosts and timeouts", () => {
  const s = readSettings({ SITE_BASE: "/course/", ALLOWED_HOSTS: "Lessons.example, class.local", IDLE_TIMEOUT_MS: "500" });
  assert.equal(s.siteBase, "/course/");
  assert.deepEqual(s.allowedHosts, ["lessons.example", "class.local"]);
  assert.equal(s.idleTimeoutMs, 500);
  assert.equal(readSettings({}).siteBase, "/");
  assert.throws(() => readSettings({ SITE_BASE: "course" }), /SITE_BASE: must be a path that starts and ends with \//);
  assert.throws(() => readSettings({ SITE_BASE: "/v1/" }), /SITE_BASE: must be a path outside \/v1\//);
  assert.throws(() => readSettings({ CSP_CONNECT_SRC: "'self'; script-src *" }), /CSP_CONNECT_SRC/);
});
