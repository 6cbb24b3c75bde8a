/**
 * The reader's model settings in this browser: the chosen backend and every
 * backend's settings (see `backends.ts`). Plain settings are preferences
 * (localStorage). Secret ones (the Hugging Face token, a custom server's
 * key) are kept for the browser session (sessionStorage), or on this
 * device (localStorage) only when "remember" is ticked; `forget` removes
 * them from both. `kernelEnv` is what cells see as `process.env`.
 *
 * @example
 * saveSettings({ ...loadSettings(), backend: "huggingface", values: { token: "hf_…" }, remember: false });
 * kernel.setEnv(kernelEnv(loadSettings())); // { HF_TOKEN: "hf_…", CARNET_MODEL_BACKEND: "huggingface" }
 */
import { BACKEND_ENV } from "../shared/backend.ts";
import { BACKEND_SETTINGS as SETTINGS, BACKENDS } from "../shared/backends.ts";

export interface ModelSettings {
  /** A backend's kind, or "auto". */
  backend: string;
  /** Each backend setting by name; empty when not given. */
  values: Record<string, string>;
  remember: boolean;
}

export interface Stores {
  session?: Storage | undefined;
  local?: Storage | undefined;
}

const PREFS_KEY = "carnet:models";
const SECRETS_KEY = "carnet:models:secrets";

/** The page's storages; either may be unavailable (private mode, disabled storage). */
function browserStores(): Stores {
  const get = (name: "sessionStorage" | "localStorage") => {
    try {
      return globalThis[name];
    } catch {
      return undefined;
    }
  };
  return { session: get("sessionStorage"), local: get("localStorage") };
}

function read(store: Storage | undefined, key: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(store?.getItem(key) ?? "{}") as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function write(store: Storage | undefined, key: string, value: Record<string, unknown> | undefined): void {
  try {
    if (value) store?.setItem(key, JSON.stringify(value));
    else store?.removeItem(key);
  } catch {
    // Storage full or off: the setting lasts for this page only.
  }
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

export function loadSettings(stores: Stores = browserStores()): ModelSettings {
  const prefs = read(stores.local, PREFS_KEY);
  const remembered = read(stores.local, SECRETS_KEY);
  const secrets = { ...remembered, ...read(stores.session, SECRETS_KEY) };
  const backend = text(prefs.backend);
  return {
    backend: BACKENDS.some((b) => b.kind === backend) ? backend : "auto",
    values: Object.fromEntries(SETTINGS.map((s) => [s.name, text((s.secret ? secrets : prefs)[s.name])])),
    remember: prefs.remember === true || Object.keys(remembered).length > 0,
  };
}

export function saveSettings(settings: ModelSettings, stores: Stores = browserStores()): void {
  const prefs: Record<string, unknown> = { backend: settings.backend, remember: settings.remember };
  const secrets: Record<string, string> = {};
  for (const s of SETTINGS) {
    const value = settings.values[s.name] ?? "";
    if (!s.secret) prefs[s.name] = value;
    else if (value) secrets[s.name] = value;
  }
  write(stores.local, PREFS_KEY, prefs);
  const any = Object.keys(secrets).length > 0;
  write(settings.remember ? stores.local : stores.session, SECRETS_KEY, any ? secrets : undefined);
  write(settings.remember ? stores.session : stores.local, SECRETS_KEY, undefined);
}

/** Removes every secret setting from every storage. */
export function forgetSecrets(stores: Stores = browserStores()): void {
  write(stores.session, SECRETS_KEY, undefined);
  write(stores.local, SECRETS_KEY, undefined);
}

/** The settings with their secrets emptied. */
export function withoutSecrets(settings: ModelSettings): ModelSettings {
  return { ...settings, remember: false, values: Object.fromEntries(Object.entries(settings.values).filter(([name]) => !SETTINGS.some((s) => s.secret && s.name === name))) };
}

/** The kernel's `process.env` for these settings: the chosen backend's settings, and those every backend passes on. */
export function kernelEnv(settings: ModelSettings): Record<string, string> {
  const env: Record<string, string> = { [BACKEND_ENV]: settings.backend };
  for (const s of SETTINGS) {
    const value = settings.values[s.name];
    if (value && (s.always || s.kind === settings.backend)) env[s.env] = value;
  }
  return env;
}
