/**
 * Hugging Face Inference Providers, with the reader's own token (the one
 * backend the token is sent to) and an optional provider. Requests go out
 * as the client builds them. Its Test checks the token (whoami) before
 * listing the router's models.
 *
 * @example
 * huggingface.resolve({ provider: "together" }, page) // { kind: "huggingface", provider: "together" }
 */
import type { BackendType } from "../backend.ts";
import { listModels } from "../probe.ts";

const WHOAMI = "https://huggingface.co/api/whoami-v2";
const ROUTER = "https://router.huggingface.co/v1";

function accountName(body: string): string | undefined {
  try {
    const name = (JSON.parse(body) as { name?: unknown }).name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

export const huggingface: BackendType = {
  kind: "huggingface",
  settings: [
    { name: "token", env: "HF_TOKEN", secret: true, always: true },
    { name: "provider", env: "CARNET_HF_PROVIDER", always: true, placeholder: { key: "settings.huggingface.providerAuto" }, suggestions: "providers" },
  ],
  resolve(values) {
    const provider = values.provider?.trim();
    return provider ? { kind: "huggingface", provider } : { kind: "huggingface" };
  },
  name: (backend) => (backend.provider ? { key: "modelOutput.backend.huggingfaceProvider", values: { provider: backend.provider } } : { key: "modelOutput.backend.huggingface" }),

  problemCode({ status, message, hasToken }) {
    // The router's "auto-router" error comes when no token (or a bad one) picked no provider.
    if (/auto-router/i.test(message)) return hasToken ? "badToken" : "noToken";
    if ((status === 401 || status === 403) && !hasToken) return "noToken";
    return undefined;
  },

  async test(_backend, options) {
    const token = options.token.trim();
    if (!token) return { ok: false, problem: { code: "noToken", backend: "huggingface" } };
    if (!token.startsWith("hf_")) return { ok: false, problem: { code: "badToken", backend: "huggingface" } };
    let account: string | undefined;
    try {
      const response = await options.fetch(WHOAMI, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(options.timeoutMs) });
      const body = await response.text().catch(() => "");
      if (!response.ok) return { url: WHOAMI, failed: { ok: false, status: response.status, body, retryAfter: response.headers.get("retry-after") } };
      account = accountName(body);
    } catch (error) {
      return { url: WHOAMI, failed: { ok: false, error } };
    }
    const listed = await listModels(options.fetch, ROUTER, { key: token, timeoutMs: options.timeoutMs });
    if (!listed.ok) return { url: ROUTER, failed: listed };
    return { ...listed, ...(account ? { account } : {}) };
  },
};
