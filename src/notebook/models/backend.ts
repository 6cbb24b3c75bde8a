/**
 * Where model requests from cells go. The page's settings reach the kernel
 * as `process.env` variables (names in `ENV`): the reader's Hugging Face
 * token under `HF_TOKEN` (the name the lesson's cells read), and the choice
 * of backend under `CARNET_*` names. "auto" means: this site's server
 * when the page's own origin answers `/v1/models`, else Hugging Face
 * (marked `auto`, so a reader with no token is told every way to get
 * answers). "browser" is the engine in the reader's own page: its requests
 * never leave the page (see browser/engineLink.ts).
 *
 * @example
 * backendFromEnv({ CARNET_MODEL_BACKEND: "custom", CARNET_MODEL_URL: "http://localhost:11434" }, "http://127.0.0.1:4321")
 * // { kind: "custom", base: "http://localhost:11434/v1", origin: "http://localhost:11434" }
 */

export const ENV = {
  token: "HF_TOKEN",
  backend: "CARNET_MODEL_BACKEND",
  url: "CARNET_MODEL_URL",
  key: "CARNET_MODEL_KEY",
  provider: "CARNET_HF_PROVIDER",
  browserModel: "CARNET_BROWSER_MODEL",
} as const;

export type BackendKind = "huggingface" | "site" | "custom" | "browser";
export type BackendChoice = BackendKind | "auto";

export type Backend =
  | { kind: "huggingface"; provider?: string; auto?: boolean }
  | { kind: "site"; base: string; origin: string }
  | { kind: "custom"; base: string; origin: string; key?: string }
  | { kind: "browser"; base: string; origin: string; model: string };

/**
 * An OpenAI-compatible base URL as the reader typed it, made canonical: no
 * trailing slash, and `/v1` added when only an origin was given. Undefined
 * when it is not an http(s) URL.
 *
 * @example
 * normalizeBaseUrl("http://localhost:11434/") // "http://localhost:11434/v1"
 * normalizeBaseUrl("http://localhost:8080/v1/") // "http://localhost:8080/v1"
 */
export function normalizeBaseUrl(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.username || url.password) return undefined;
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.origin}${path === "" ? "/v1" : path}`;
}

/** This site's own server, at the page's origin. */
export function siteBackend(pageOrigin: string): Backend {
  return { kind: "site", base: `${pageOrigin}/v1`, origin: pageOrigin };
}

/** The engine in the reader's page; `base` is only a name the routing recognises, never fetched. */
export function browserBackend(pageOrigin: string, model = ""): Backend {
  return { kind: "browser", base: `${pageOrigin}/_browser-engine/v1`, origin: pageOrigin, model };
}

/** The chosen backend; "auto" (or nothing chosen) resolves with `siteAnswers`. */
export function backendFromEnv(env: Record<string, string | undefined>, pageOrigin: string, siteAnswers = false): Backend {
  const choice = env[ENV.backend] as BackendChoice | undefined;
  const provider = env[ENV.provider]?.trim() || undefined;
  const huggingFace: Backend = provider ? { kind: "huggingface", provider } : { kind: "huggingface" };
  if (choice === "huggingface") return huggingFace;
  if (choice === "site") return siteBackend(pageOrigin);
  if (choice === "browser") return browserBackend(pageOrigin, env[ENV.browserModel]?.trim() ?? "");
  if (choice === "custom") {
    const base = normalizeBaseUrl(env[ENV.url] ?? "");
    if (base) {
      const key = env[ENV.key]?.trim();
      return { kind: "custom", base, origin: new URL(base).origin, ...(key ? { key } : {}) };
    }
  }
  return siteAnswers ? siteBackend(pageOrigin) : { ...huggingFace, auto: true };
}

/** Whether the backend can only be known after asking the page's origin. */
export function needsSiteProbe(env: Record<string, string | undefined>): boolean {
  const choice = env[ENV.backend];
  if (choice === "huggingface" || choice === "site" || choice === "browser") return false;
  if (choice === "custom") return normalizeBaseUrl(env[ENV.url] ?? "") === undefined;
  return true;
}

const HUGGING_FACE_HOST = /(^|\.)huggingface\.co$/i;

/** Whether a URL points at Hugging Face (the router, the Hub or its API). */
export function isHuggingFaceUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" && HUGGING_FACE_HOST.test(parsed.hostname);
  } catch {
    return false;
  }
}
