/**
 * The model backends a reader can choose, in the order the settings panel
 * offers them; a new backend is one file in `backends/`, its line here and
 * its strings. Also how the kernel's `process.env` (built by
 * `settingsStore.kernelEnv`) becomes a `Backend`: "auto", or a choice whose
 * settings do not describe a backend, means this site's server when the
 * page's origin answers /v1/models, else Hugging Face marked `auto` (so a
 * reader with no token is told every way to get answers).
 *
 * @example
 * backendFromEnv({ CARNET_MODEL_BACKEND: "custom", CARNET_MODEL_URL: "http://localhost:11434" }, "http://127.0.0.1:4321")
 * // { kind: "custom", base: "http://localhost:11434/v1", origin: "http://localhost:11434" }
 */
import { BACKEND_ENV, type Backend, type BackendSetting, type BackendType } from "./backend.ts";
import { browser } from "./backends/browser.ts";
import { custom } from "./backends/custom.ts";
import { huggingface } from "./backends/huggingface.ts";
import { site } from "./backends/site.ts";

export const BACKENDS: readonly BackendType[] = [site, browser, huggingface, custom];

/** The backend type of `kind`, if there is one. */
export function backendType(kind: string): BackendType | undefined {
  return BACKENDS.find((b) => b.kind === kind);
}

/** Every backend's settings, each with its backend's kind. */
export const BACKEND_SETTINGS: readonly (BackendSetting & { kind: string })[] = BACKENDS.flatMap((type) => type.settings.map((setting) => ({ ...setting, kind: type.kind })));

/** The env variables that hold secrets (masked in every output). */
export const SECRET_ENV: readonly string[] = BACKEND_SETTINGS.filter((s) => s.secret).map((s) => s.env);

/** A backend type's settings read back from `process.env`. */
function valuesFromEnv(type: BackendType, env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(type.settings.map((s) => [s.name, env[s.env] ?? ""]));
}

/** The backend that settings values describe, or undefined when they do not. */
export function resolveBackend(type: BackendType, values: Readonly<Record<string, string>>, pageOrigin: string): Backend | undefined {
  const resolved = type.resolve(values, pageOrigin);
  return "invalid" in resolved ? undefined : resolved;
}

/** This site's own server, at the page's origin. */
export function siteBackend(pageOrigin: string): Backend {
  return resolveBackend(site, {}, pageOrigin)!;
}

/** The backend chosen explicitly in `env`, or undefined for "auto" and for a choice its settings do not describe. */
function chosenBackend(env: Record<string, string | undefined>, pageOrigin: string): Backend | undefined {
  const type = backendType(env[BACKEND_ENV] ?? "");
  return type ? resolveBackend(type, valuesFromEnv(type, env), pageOrigin) : undefined;
}

/** The chosen backend; "auto" (or nothing usable chosen) resolves with `siteAnswers`. */
export function backendFromEnv(env: Record<string, string | undefined>, pageOrigin: string, siteAnswers = false): Backend {
  const chosen = chosenBackend(env, pageOrigin);
  if (chosen) return chosen;
  if (siteAnswers) return siteBackend(pageOrigin);
  return { ...resolveBackend(huggingface, valuesFromEnv(huggingface, env), pageOrigin)!, auto: true };
}

/** Whether the backend can only be known after asking the page's origin. */
export function needsSiteProbe(env: Record<string, string | undefined>): boolean {
  return chosenBackend(env, "http://localhost") === undefined;
}
