import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isHuggingFaceUrl, normalizeBaseUrl, type Backend } from "../../../../src/notebook/models/shared/backend.ts";
import { backendFromEnv, needsSiteProbe, siteBackend } from "../../../../src/notebook/models/shared/backends.ts";
import { rewriteUrl, routeRequest } from "../../../../src/notebook/models/kernel/routeRequest.ts";

const page = "http://127.0.0.1:4321";
const site = siteBackend(page);
const custom: Backend = { kind: "custom", base: "http://localhost:11434/v1", origin: "http://localhost:11434", key: "ollama-key" };
const hf: Backend = { kind: "huggingface" };
const token = "hf_abcdefghijklmnopqrstuvwxyz012345";

describe("normalizeBaseUrl", () => {
  test("adds /v1 to a bare origin and drops trailing slashes", () => {
    assert.equal(normalizeBaseUrl("http://localhost:11434"), "http://localhost:11434/v1");
    assert.equal(normalizeBaseUrl(" http://localhost:11434/ "), "http://localhost:11434/v1");
    assert.equal(normalizeBaseUrl("http://localhost:8080/v1/"), "http://localhost:8080/v1");
    assert.equal(normalizeBaseUrl("https://example.org/openai/v1"), "https://example.org/openai/v1");
  });
  test("refuses what is not an http(s) URL, or carries credentials", () => {
    assert.equal(normalizeBaseUrl("localhost:11434"), undefined);
    assert.equal(normalizeBaseUrl("ftp://host/v1"), undefined);
    assert.equal(normalizeBaseUrl("javascript:alert(1)"), undefined);
    assert.equal(normalizeBaseUrl("http://user:pass@host/v1"), undefined);
    assert.equal(normalizeBaseUrl(""), undefined);
  });
});

describe("backendFromEnv", () => {
  test("explicit choices", () => {
    assert.deepEqual(backendFromEnv({ CARNET_MODEL_BACKEND: "huggingface" }, page, true), { kind: "huggingface" });
    assert.deepEqual(backendFromEnv({ CARNET_MODEL_BACKEND: "huggingface", CARNET_HF_PROVIDER: "together" }, page), { kind: "huggingface", provider: "together" });
    assert.deepEqual(backendFromEnv({ CARNET_MODEL_BACKEND: "site" }, page), site);
    assert.deepEqual(backendFromEnv({ CARNET_MODEL_BACKEND: "custom", CARNET_MODEL_URL: "http://localhost:11434", CARNET_MODEL_KEY: "k" }, page), {
      kind: "custom",
      base: "http://localhost:11434/v1",
      origin: "http://localhost:11434",
      key: "k",
    });
  });
  const browserAuto = { kind: "browser", base: `${page}/_browser-engine/v1`, origin: page, model: "", inPage: true, auto: true };
  test("auto is this site's server when it answers, else Hugging Face with a token, else the engine in this browser", () => {
    assert.deepEqual(backendFromEnv({}, page, true), { ...site, auto: true });
    assert.deepEqual(backendFromEnv({ CARNET_MODEL_BACKEND: "auto" }, page, false), browserAuto);
    assert.deepEqual(backendFromEnv({ HF_TOKEN: "hf_x" }, page, false), { kind: "huggingface", auto: true });
    assert.deepEqual(backendFromEnv({ HF_TOKEN: "hf_x" }, page, true), { ...site, auto: true }, "the site's server stays the default where it exists");
    assert.deepEqual(backendFromEnv({ HF_TOKEN: "  " }, page, false), browserAuto, "a blank token is no token");
    assert.equal(needsSiteProbe({}), true);
    assert.equal(needsSiteProbe({ CARNET_MODEL_BACKEND: "huggingface" }), false);
    assert.equal(needsSiteProbe({ CARNET_MODEL_BACKEND: "custom", CARNET_MODEL_URL: "http://localhost:8080/v1" }), false);
  });
  test("a custom choice without a valid URL falls back like auto", () => {
    assert.deepEqual(backendFromEnv({ CARNET_MODEL_BACKEND: "custom", CARNET_MODEL_URL: "not a url" }, page, false), browserAuto);
  });
  test("under a base path the site's server is below it", () => {
    assert.deepEqual(backendFromEnv({}, `${page}/course`, true), { kind: "site", base: `${page}/course/v1`, origin: page, auto: true });
  });
  test("the engine in this browser: its own name, never probed, never fetched", () => {
    assert.deepEqual(backendFromEnv({ CARNET_MODEL_BACKEND: "browser", CARNET_BROWSER_MODEL: "smollm2-360m-instruct-q8_0" }, page, true), {
      kind: "browser",
      base: `${page}/_browser-engine/v1`,
      origin: page,
      model: "smollm2-360m-instruct-q8_0",
      inPage: true,
    });
    assert.equal(needsSiteProbe({ CARNET_MODEL_BACKEND: "browser" }), false);
  });
});

describe("rewriteUrl", () => {
  const router = "https://router.huggingface.co";
  test("Hugging Face: untouched", () => {
    for (const url of [`${router}/v1/chat/completions`, `${router}/together/v1/chat/completions`, "https://huggingface.co/api/models/x/y"]) {
      assert.equal(rewriteUrl(url, hf), url);
    }
  });
  test("site and custom: the router's chat paths go to the backend's /v1/chat/completions", () => {
    for (const path of ["/v1/chat/completions", "/together/v1/chat/completions", "/hf-inference/models/meta-llama/Llama-3.1-8B-Instruct/v1/chat/completions", "/novita/v3/openai/chat/completions"]) {
      assert.equal(rewriteUrl(`${router}${path}`, site), `${page}/v1/chat/completions`);
      assert.equal(rewriteUrl(`${router}${path}?x=1`, custom), "http://localhost:11434/v1/chat/completions");
    }
    assert.equal(rewriteUrl(`${router}/v1/models`, custom), "http://localhost:11434/v1/models");
  });
  test("other router paths keep their path on the backend's origin; other URLs are left alone", () => {
    assert.equal(rewriteUrl(`${router}/hf-inference/models/x/y`, site), `${page}/hf-inference/models/x/y`);
    assert.equal(rewriteUrl("https://huggingface.co/api/models/x", site), "https://huggingface.co/api/models/x");
    assert.equal(rewriteUrl(`${page}/v1/chat/completions`, site), `${page}/v1/chat/completions`);
  });
});

describe("routeRequest: the token goes to Hugging Face only", () => {
  const headers = () => new Headers({ Authorization: `Bearer ${token}`, "Content-Type": "application/json", "User-Agent": "@huggingface/inference/4" });
  test("kept for Hugging Face hosts", () => {
    const routed = routeRequest("https://router.huggingface.co/v1/chat/completions", headers(), hf);
    assert.equal(routed.headers.get("authorization"), `Bearer ${token}`);
    assert.equal(routed.headers.get("content-type"), "application/json");
  });
  test("removed for this site's server", () => {
    const routed = routeRequest("https://router.huggingface.co/v1/chat/completions", headers(), site);
    assert.equal(routed.url, `${page}/v1/chat/completions`);
    assert.equal(routed.headers.get("authorization"), null);
    assert.equal(routed.headers.get("user-agent"), null);
  });
  test("replaced by the custom server's key", () => {
    const routed = routeRequest(`${custom.base}/chat/completions`, headers(), custom);
    assert.equal(routed.headers.get("authorization"), "Bearer ollama-key");
  });
  test("removed for any other host, even with the Hugging Face backend", () => {
    const routed = routeRequest("https://evil.example/v1/chat/completions", headers(), hf);
    assert.equal(routed.headers.get("authorization"), null);
    const lookalike = routeRequest("https://huggingface.co.evil.example/v1/chat/completions", headers(), hf);
    assert.equal(lookalike.headers.get("authorization"), null);
  });
  test("isHuggingFaceUrl accepts only https Hugging Face hosts", () => {
    assert.equal(isHuggingFaceUrl("https://router.huggingface.co/v1"), true);
    assert.equal(isHuggingFaceUrl("https://huggingface.co/api/whoami-v2"), true);
    assert.equal(isHuggingFaceUrl("http://router.huggingface.co/v1"), false);
    assert.equal(isHuggingFaceUrl("https://nothuggingface.co/"), false);
    assert.equal(isHuggingFaceUrl("not a url"), false);
  });
});
