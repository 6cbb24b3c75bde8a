/**
 * Any OpenAI-compatible server the reader runs or trusts (Ollama,
 * llama.cpp's llama-server, vLLM, TGI): its base URL, and a key sent to
 * that origin only.
 *
 * @example
 * custom.resolve({ url: "http://localhost:11434" }, page) // { kind: "custom", base: "http://localhost:11434/v1", origin: "http://localhost:11434" }
 */
import { normalizeBaseUrl, type BackendType } from "../backend.ts";

export const custom: BackendType = {
  kind: "custom",
  settings: [
    { name: "url", env: "CARNET_MODEL_URL", input: "url", placeholder: { text: "http://localhost:11434/v1" } },
    { name: "key", env: "CARNET_MODEL_KEY", secret: true },
  ],
  resolve(values) {
    const base = normalizeBaseUrl(values.url ?? "");
    if (!base) return { invalid: "url" };
    const key = values.key?.trim();
    return { kind: "custom", base, origin: new URL(base).origin, ...(key ? { key } : {}) };
  },
};
