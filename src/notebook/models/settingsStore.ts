/**
 * The reader's model settings in this browser. The backend, provider and
 * custom URL are preferences (localStorage). The Hugging Face token and the
 * custom key are secrets: kept for the browser session (sessionStorage), or
 * on this device (localStorage) only when "remember" is ticked; `forget`
 * removes them from both. `kernelEnv` is what cells see as `process.env`.
 *
 * @example
 * saveSettings({ ...loadSettings(), backend: "huggingface", token: "hf_…", remember: false });
 * kernel.setEnv(kernelEnv(loadSettings())); // { HF_TOKEN: "hf_…", CARNET_MODEL_BACKEND: "huggingface" }
 */
import { ENV, type BackendChoice } from "./backend.ts";

export interface ModelSettings {
  backend: BackendChoice;
  /** Hugging Face provider; empty means auto. */
  provider: string;
  /** Custom OpenAI-compatible base URL. */
  url: string;
  /** The browser engine's catalogue model; empty means the catalogue's default. */
  browserModel: string;
  token: string;
  /** Custom server's key. */
  key: string;
  remember: boolean;
}

export interface Stores {
  session?: Storage | undefined;
  local?: Storage | undefined;
}

export const PREFS_KEY = "carnet:models";
export const SECRETS_KEY = "carnet:models:secrets";

/** The page's storages; either may be unavailable (private mode, disabled storage). */
export function browserStores(): Stores {
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
const CHOICES: readonly string[] = ["auto", "huggingface", "site", "custom", "browser"];

export function loadSettings(stores: Stores = browserStores()): ModelSettings {
  const prefs = read(stores.local, PREFS_KEY);
  const remembered = read(stores.local, SECRETS_KEY);
  const secrets = { ...remembered, ...read(stores.session, SECRETS_KEY) };
  const backend = CHOICES.includes(text(prefs.backend)) ? (prefs.backend as BackendChoice) : "auto";
  return {
    backend,
    provider: text(prefs.provider),
    url: text(prefs.url),
    browserModel: text(prefs.browserModel),
    token: text(secrets.token),
    key: text(secrets.key),
    remember: prefs.remember === true || Object.keys(remembered).length > 0,
  };
}

export function saveSettings(settings: ModelSettings, stores: Stores = browserStores()): void {
  write(stores.local, PREFS_KEY, { backend: settings.backend, provider: settings.provider, url: settings.url, browserModel: settings.browserModel, remember: settings.remember });
  const secrets: Record<string, string> = {};
  if (settings.token) secrets.token = settings.token;
  if (settings.key) secrets.key = settings.key;
  const any = Object.keys(secrets).length > 0;
  write(settings.remember ? stores.local : stores.session, SECRETS_KEY, any ? secrets : undefined);
  write(settings.remember ? stores.session : stores.local, SECRETS_KEY, undefined);
}

/** Removes the token and key from every storage. */
export function forgetSecrets(stores: Stores = browserStores()): void {
  write(stores.session, SECRETS_KEY, undefined);
  write(stores.local, SECRETS_KEY, undefined);
}

/** The kernel's `process.env` for these settings. */
export function kernelEnv(settings: ModelSettings): Record<string, string> {
  const env: Record<string, string> = { [ENV.backend]: settings.backend };
  if (settings.token) env[ENV.token] = settings.token;
  if (settings.provider) env[ENV.provider] = settings.provider;
  if (settings.backend === "custom") {
    if (settings.url) env[ENV.url] = settings.url;
    if (settings.key) env[ENV.key] = settings.key;
  }
  if (settings.backend === "browser" && settings.browserModel) env[ENV.browserModel] = settings.browserModel;
  return env;
}
