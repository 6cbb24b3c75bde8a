/**
 * The model backends a reader can choose, in the order the settings panel
 * offers them; a new backend is one file in `backends/`, its line here and
 * its strings. Also how the kernel's `process.env` (built by
 * `settingsStore.kernelEnv`) becomes a `Backend`: "auto", or a choice whose
 * settings do not describe a backend, means what `autoBackendType` says
 * (the one rule the settings panel uses too), marked `auto`.
 *
 * `site` is the site's root URL without a trailing slash: its origin and
 * base path ("http://127.0.0.1:4321", "https://org.github.io/course"),
 * under which this site's server, when there is one, answers `/v1`.
 *
 * @example
 * backendFromEnv({ CARNET_MODEL_BACKEND: "custom", CARNET_MODEL_URL: "http://localhost:11434" }, "http://127.0.0.1:4321")
 * // { kind: "custom", base: "http://localhost:11434/v1", origin: "http://localhost:11434" }
 */
import { BACKEND_ENV, type Backend, type BackendSetting, type BackendType } from "./backend.ts";
import { browser } from "./backends/browser.ts";
import { custom } from "./backends/custom.ts";
import { huggingface } from "./backends/huggingface.ts";
import { site as siteType } from "./backends/site.ts";

export const BACKENDS: readonly BackendType[] = [siteType, browser, huggingface, custom];

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
export function resolveBackend(type: BackendType, values: Readonly<Record<string, string>>, site: string): Backend | undefined {
  const resolved = type.resolve(values, site);
  return "invalid" in resolved ? undefined : resolved;
}

/** This site's own server, under the site's root URL. */
export function siteBackend(site: string): Backend {
  return resolveBackend(siteType, {}, site)!;
}

/**
 * What "auto" means, for the kernel and the settings panel alike: this
 * site's server when it answers; else a backend the reader has given a
 * secret for (a Hugging Face token); else the engine in this page, which
 * needs nothing (its default model is the site's own demo file).
 */
export function autoBackendType(has: (setting: BackendSetting) => boolean, siteAnswers: boolean): BackendType {
  return (
    BACKENDS.find((type) => type.needsSite && siteAnswers) ??
    BACKENDS.find((type) => type.settings.some((s) => s.secret && has(s))) ??
    BACKENDS.find((type) => resolveBackend(type, {}, "http://localhost")?.inPage) ??
    BACKENDS[0]!
  );
}

/** The backend chosen explicitly in `env`, or undefined for "auto" and for a choice its settings do not describe. */
function chosenBackend(env: Record<string, string | undefined>, site: string): Backend | undefined {
  const type = backendType(env[BACKEND_ENV] ?? "");
  return type ? resolveBackend(type, valuesFromEnv(type, env), site) : undefined;
}

/** The chosen backend; "auto" (or nothing usable chosen) is settled by `autoBackendType`, knowing whether the site's server answers. */
export function backendFromEnv(env: Record<string, string | undefined>, site: string, siteAnswers = false): Backend {
  const chosen = chosenBackend(env, site);
  if (chosen) return chosen;
  const type = autoBackendType((s) => !!env[s.env]?.trim(), siteAnswers);
  return { ...resolveBackend(type, valuesFromEnv(type, env), site)!, auto: true };
}

/** Whether the backend can only be known after asking the site's server. */
export function needsSiteProbe(env: Record<string, string | undefined>): boolean {
  return chosenBackend(env, "http://localhost") === undefined;
}
