import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Backend } from "../../../../src/notebook/models/shared/backend.ts";
import { classifyFailure, errorDetail, retryAfterSeconds } from "../../../../src/notebook/models/shared/classifyFailure.ts";
import { describeProblem } from "../../../../src/notebook/models/page/describeProblem.ts";
import { pageTranslator } from "../../../../src/i18n/pageTranslator.ts";
import en from "../../../../locales/en.json" with { type: "json" };

const pageOrigin = "http://127.0.0.1:4321";
const hf: Backend = { kind: "huggingface" };
const site: Backend = { kind: "site", base: `${pageOrigin}/v1`, origin: pageOrigin };
const custom: Backend = { kind: "custom", base: "http://localhost:11434/v1", origin: "http://localhost:11434" };
const t = pageTranslator("en", en as Record<string, unknown>);
const lessonModels = [{ id: "meta-llama/Llama-3.1-8B-Instruct", alternatives: ["Qwen/Qwen2.5-7B-Instruct", "HuggingFaceTB/SmolLM3-3B"], providers: ["featherless-ai", "sambanova"] }];

function timeoutError(): Error {
  const error = new Error("The operation timed out.");
  error.name = "TimeoutError";
  return error;
}

describe("classifyFailure", () => {
  test("no token: the client's auto-router refusal, or 401 without a token", () => {
    const routing = Object.assign(new Error("Cannot select auto-router when using non-Hugging Face API key."), { name: "RoutingError" });
    assert.equal(classifyFailure({ backend: hf, pageOrigin, error: routing, hasToken: false }).code, "noToken");
    assert.equal(classifyFailure({ backend: hf, pageOrigin, error: routing, hasToken: true }).code, "badToken");
    assert.equal(classifyFailure({ backend: hf, pageOrigin, status: 401, hasToken: false }).code, "noToken");
  });
  test("401 and 403 with a token: unauthorized, for each backend", () => {
    assert.equal(classifyFailure({ backend: hf, pageOrigin, status: 401, hasToken: true, body: '{"error":"Invalid credentials in Authorization header"}' }).code, "unauthorized");
    assert.equal(classifyFailure({ backend: hf, pageOrigin, status: 403, hasToken: true }).code, "unauthorized");
    const problem = classifyFailure({ backend: site, pageOrigin, status: 401, body: '{"error":"missing or wrong API key"}' });
    assert.deepEqual([problem.code, problem.backend, problem.origin, problem.detail], ["unauthorized", "site", pageOrigin, "missing or wrong API key"]);
  });
  test("model not served: 404, or 400 saying the model is not supported; lists the server's models", () => {
    const notFound = classifyFailure({
      backend: site,
      pageOrigin,
      model: "x/y",
      status: 404,
      body: JSON.stringify({ error: 'model "x/y" is not served here', available_models: ["carnet-tiny-demo"] }),
    });
    assert.deepEqual([notFound.code, notFound.model, notFound.available], ["modelNotServed", "x/y", ["carnet-tiny-demo"]]);
    const router = classifyFailure({ backend: hf, pageOrigin, status: 400, hasToken: true, body: '{"error":{"message":"The requested model \'x/y\' is not supported by any provider you have enabled."}}' });
    assert.equal(router.code, "modelNotServed");
    assert.equal(classifyFailure({ backend: hf, pageOrigin, status: 400, hasToken: true, body: '{"error":"messages: must not be empty"}' }).code, "rejected");
  });
  test("429: rate limited, with the wait from Retry-After", () => {
    const problem = classifyFailure({ backend: site, pageOrigin, status: 429, retryAfter: "12" });
    assert.deepEqual([problem.code, problem.retryAfterSeconds], ["rateLimited", 12]);
    assert.equal(classifyFailure({ backend: hf, pageOrigin, status: 429, hasToken: true }).retryAfterSeconds, undefined);
  });
  test("5xx, or an error in the middle of a stream: the provider or server failed", () => {
    assert.equal(classifyFailure({ backend: hf, pageOrigin, status: 500, hasToken: true }).code, "serverFailed");
    assert.equal(classifyFailure({ backend: site, pageOrigin, status: 502, body: '{"error":"could not reach the Hugging Face router (ENOTFOUND)"}' }).code, "serverFailed");
    const stream = classifyFailure({ backend: site, pageOrigin, status: 200, error: new Error("an occurred while streaming the response: the generation failed on the server") });
    assert.equal(stream.code, "serverFailed");
    assert.match(stream.detail ?? "", /generation failed/);
  });
  test("network: unreachable, or CORS when the server answers a no-cors request", () => {
    assert.equal(classifyFailure({ backend: hf, pageOrigin, error: new TypeError("Failed to fetch"), network: "unreachable" }).code, "unreachable");
    const cors = classifyFailure({ backend: custom, pageOrigin, error: new TypeError("Failed to fetch"), network: "cors" });
    assert.deepEqual([cors.code, cors.origin, cors.pageOrigin], ["cors", "http://localhost:11434", pageOrigin]);
  });
  test("timeouts: the cell's AbortSignal.timeout, or 504 from the server", () => {
    assert.equal(classifyFailure({ backend: hf, pageOrigin, error: timeoutError() }).code, "timeout");
    assert.equal(classifyFailure({ backend: site, pageOrigin, status: 504 }).code, "timeout");
  });
  test("secrets in the server's message are masked", () => {
    const problem = classifyFailure({ backend: custom, pageOrigin, status: 400, body: '{"error":"bad key s3cr3t-key-value in Bearer abc.def"}', secrets: ["s3cr3t-key-value"] });
    assert.equal(problem.detail?.includes("s3cr3t"), false);
    assert.equal(problem.detail?.includes("abc.def"), false);
  });
});

describe("errorDetail and retryAfterSeconds", () => {
  test("reads the usual error body shapes", () => {
    assert.deepEqual(errorDetail('{"error":"plain"}'), { detail: "plain" });
    assert.deepEqual(errorDetail('{"error":{"message":"nested"}}'), { detail: "nested" });
    assert.deepEqual(errorDetail('{"message":"top"}'), { detail: "top" });
    assert.deepEqual(errorDetail("plain text"), { detail: "plain text" });
    assert.deepEqual(errorDetail("<html><body>502</body></html>"), {});
    assert.equal(errorDetail(JSON.stringify({ error: "x".repeat(1000) })).detail?.length, 301);
  });
  test("Retry-After in seconds or as a date", () => {
    assert.equal(retryAfterSeconds("30"), 30);
    assert.equal(retryAfterSeconds(new Date(Date.UTC(2026, 0, 1, 0, 1)).toUTCString(), Date.UTC(2026, 0, 1, 0, 0)), 60);
    assert.equal(retryAfterSeconds("soon"), undefined);
    assert.equal(retryAfterSeconds(null), undefined);
  });
});

describe("describeProblem: translated text with a next step", () => {
  test("model not served names the lesson's alternatives and provider hints", () => {
    const text = describeProblem({ code: "modelNotServed", backend: "huggingface", model: "meta-llama/Llama-3.1-8B-Instruct", status: 404 }, t, lessonModels);
    assert.match(text.what, /does not serve meta-llama\/Llama-3\.1-8B-Instruct/);
    assert.match(text.next, /Qwen\/Qwen2\.5-7B-Instruct, HuggingFaceTB\/SmolLM3-3B/);
    assert.match(text.next, /featherless-ai, sambanova/);
  });
  test("CORS names the page's origin and Ollama's OLLAMA_ORIGINS", () => {
    const text = describeProblem({ code: "cors", backend: "custom", origin: "http://localhost:11434", pageOrigin }, t);
    assert.match(text.what, /http:\/\/localhost:11434 answered, but does not allow requests from this page \(http:\/\/127\.0\.0\.1:4321\)/);
    assert.match(text.next, /OLLAMA_ORIGINS=http:\/\/127\.0\.0\.1:4321/);
  });
  test("every problem code has a what and a next step for every backend", () => {
    const codes = ["noToken", "badToken", "unauthorized", "modelNotServed", "rateLimited", "serverFailed", "rejected", "unreachable", "cors", "timeout", "unsupportedTask", "badField", "noLogprobs", "other"] as const;
    for (const code of codes) {
      for (const backend of ["huggingface", "site", "custom"] as const) {
        const text = describeProblem({ code, backend, status: 500, origin: "http://x", pageOrigin, model: "m" }, t);
        assert.doesNotMatch(text.what, /^modelErrors\./, `${code}/${backend} what`);
        assert.doesNotMatch(text.next, /^modelErrors\./, `${code}/${backend} next`);
        assert.doesNotMatch(`${text.what} ${text.next}`, /\{\{/, `${code}/${backend} placeholders`);
      }
    }
    assert.match(describeProblem({ code: "rateLimited", backend: "site", retryAfterSeconds: 7 }, t).next, /in 7 s/);
  });
  test("token probabilities: a field out of bounds gets its rule; a provider without them gets the backends that have them", () => {
    const top = describeProblem({ code: "badField", backend: "custom", field: "top_logprobs" }, t);
    assert.match(top.what, /top_logprobs is out of bounds/);
    assert.match(top.next, /whole number from 0 to 20/);
    assert.match(describeProblem({ code: "badField", backend: "site", field: "logprobs" }, t).next, /true or false/);
    const missing = describeProblem({ code: "noLogprobs", backend: "huggingface", status: 400, detail: "logprobs is not supported" }, t);
    assert.match(missing.what, /^Hugging Face does not return token probabilities/);
    assert.match(missing.next, /this site's server .* the engine in this browser/);
    assert.match(missing.detail ?? "", /logprobs is not supported/);
  });
});
