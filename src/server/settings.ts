/**
 * The server's settings, read from environment variables and checked by one
 * schema. This file is the one place where every variable, its default and
 * its meaning are written; `node src/server/main.ts --help` prints them.
 *
 * @example
 * const settings = readSettings({ PORT: "8080", UNKNOWN_MODEL_POLICY: "not-found" });
 * settings.port // 8080
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** What each environment variable does; the README's table says the same. */
export const settingDocs = {
  PORT: "TCP port of the site and the API (0 picks a free one).",
  HOST: "Address to listen on. Keep 127.0.0.1 unless the server is meant for a network.",
  SITE_DIR: "Folder of the built site to serve.",
  SITE_BASE: "URL path the site is served under, the same as the build's (`SITE_BASE=/course/ npm run build`); `/` redirects there. The API answers both at `/v1` and below the base (`<base>v1`), where the site's pages look for it.",
  MODELS_MANIFEST: "The model manifest; model files live next to it.",
  LLAMA_THREADS: "CPU threads for node-llama-cpp (a model's `threads` in the manifest overrides it per model). More threads than free cores makes generation much slower.",
  QUEUE_LENGTH: "Requests that may wait for a busy model; one more gets 429 with Retry-After.",
  REQUEST_TIMEOUT_MS: "Longest time a chat request may take, waiting included; then it is stopped.",
  MAX_TOKENS_CAP: "Upper bound on max_tokens; larger requests are generated up to this bound.",
  DEFAULT_MAX_TOKENS: "max_tokens when a request gives none.",
  STREAM_FLUSH_MS: "In a stream, the first token is sent at once and later ones at most this often, batched (fewer writes when a model is fast); 0 sends every token by itself.",
  BODY_LIMIT_BYTES: "Largest request body accepted; larger ones get 413. It is also the bound of every free text in a chat request (message content, tool arguments and descriptions).",
  MAX_MESSAGES: "Most messages in one chat request; more get 413 naming `messages`. node-llama-cpp renders and tokenizes the whole conversation in one piece on the main thread, so each message adds to the time other requests wait.",
  MAX_STOP_CHARS: "Longest `stop` string, in characters; a longer one gets 413 naming it. node-llama-cpp does work for every character of every stop string, on the main thread.",
  MAX_TOOLS: "Most entries of a chat request's `tools`; more get 413.",
  MAX_JSON_DEPTH: "Deepest nesting of free-form JSON in a chat request (tool parameters, `response_format` schemas, fields this server does not read); deeper gets 413 naming the field. The whole body may nest 8 levels more.",
  UNKNOWN_MODEL_POLICY: "Without HF_TOKEN, what a request for a model not served here gets: `fallback` (the default local model answers, named in `model` and `x-served-model`) or `not-found` (404 with the list of models).",
  HF_TOKEN: "Hugging Face token used on the server only; when set, models not served locally are forwarded to the Hugging Face router.",
  HF_ROUTER_URL: "Base URL of the Hugging Face router.",
  CORS_ORIGINS: "Comma-separated origins allowed to call the API from a browser, besides the same origin. `localhost` stands for any port of localhost, 127.0.0.1 and [::1]; `*` allows every origin.",
  ALLOWED_HOSTS: "Comma-separated host names (the Host header, without port) the server answers to besides localhost, 127.0.0.1 and [::1]; other names get 421, which stops DNS rebinding. Empty on a non-loopback HOST: every name.",
  CSP_CONNECT_SRC: "The Content-Security-Policy `connect-src` of pages and the kernel worker: where cells and the settings panel may send requests. The default allows every http(s) URL, since readers point cells at servers of their choice; narrow it for a closed deployment (e.g. `'self' https://router.huggingface.co`).",
  HEADERS_TIMEOUT_MS: "Longest time a client may take to send a request's headers; then its connection is closed.",
  BODY_TIMEOUT_MS: "Longest time a client may take to send a whole request (headers and body); then its connection is closed.",
  IDLE_TIMEOUT_MS: "A connection with no traffic either way for this long is closed (a connection that never sends a request, a client that stops reading a reply). Chat requests are bounded by REQUEST_TIMEOUT_MS instead while their reply is made.",
  KEEP_ALIVE_TIMEOUT_MS: "How long an idle keep-alive connection stays open between requests, after any reply (chat replies included).",
  CARNET_API_KEY: "When set, API requests and `/metrics` must send `Authorization: Bearer <key>` (`/healthz` and the site stay open), and the rate limit counts per key rather than per address.",
  RATE_LIMIT_PER_MINUTE: "API requests allowed per minute per client address, or per API key when CARNET_API_KEY is set; 0 turns the limit off.",
  TRUST_PROXY: "`true` when behind a reverse proxy, so the client address comes from X-Forwarded-For.",
  SHUTDOWN_GRACE_MS: "On SIGTERM, how long running generations may finish before they are stopped.",
  LOG_LEVEL: "Log level of the JSON logs (fatal, error, warn, info, debug, silent). Logs never hold prompts, outputs or tokens.",
} as const;

export type SettingName = keyof typeof settingDocs;

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `at least ${min}`).max(max, `at most ${max}`));

const defaultThreads = String(Math.max(1, availableParallelism() - 1));

const schema = z.object({
  PORT: int(0, 65535).default(4321),
  HOST: z.string().trim().min(1, "an address such as 127.0.0.1").default("127.0.0.1"),
  SITE_DIR: z.string().min(1).default(`${repoRoot}dist`),
  SITE_BASE: z
    .string()
    .trim()
    .regex(/^\/([A-Za-z0-9._~-]+\/)*$/, "a path that starts and ends with / (letters, digits, . _ ~ -), such as /course/")
    .refine((base) => !base.startsWith("/v1/"), "a path outside /v1/, which is the API's")
    .default("/"),
  MODELS_MANIFEST: z.string().min(1).default(`${repoRoot}models/models.json`),
  LLAMA_THREADS: int(1, 256).default(Number(defaultThreads)),
  QUEUE_LENGTH: int(0, 10_000).default(16),
  REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(120_000),
  MAX_TOKENS_CAP: int(1, 1_000_000).default(1024),
  DEFAULT_MAX_TOKENS: int(1, 1_000_000).default(256),
  STREAM_FLUSH_MS: int(0, 1000).default(10),
  BODY_LIMIT_BYTES: int(1024, 1_073_741_824).default(1_048_576),
  MAX_MESSAGES: int(1, 1_000_000).default(256),
  MAX_STOP_CHARS: int(1, 1_000_000).default(256),
  MAX_TOOLS: int(0, 100_000).default(128),
  MAX_JSON_DEPTH: int(4, 256).default(32),
  UNKNOWN_MODEL_POLICY: z.enum(["fallback", "not-found"], { error: "either fallback or not-found" }).default("fallback"),
  HF_TOKEN: z.string().trim().optional(),
  HF_ROUTER_URL: z.url({ error: "a URL such as https://router.huggingface.co" }).default("https://router.huggingface.co"),
  CORS_ORIGINS: z.string().default("localhost"),
  ALLOWED_HOSTS: z.string().default(""),
  CSP_CONNECT_SRC: z
    .string()
    .trim()
    .regex(/^[^;,\r\n]+$/, "CSP sources separated by spaces, without ; or ,")
    .default("'self' https: http: data: blob:"),
  HEADERS_TIMEOUT_MS: int(100, 600_000).default(10_000),
  BODY_TIMEOUT_MS: int(100, 3_600_000).default(30_000),
  IDLE_TIMEOUT_MS: int(100, 3_600_000).default(30_000),
  KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000).default(5_000),
  CARNET_API_KEY: z.string().trim().optional(),
  RATE_LIMIT_PER_MINUTE: int(0, 1_000_000).default(120),
  TRUST_PROXY: z.stringbool({ error: "true or false" }).default(false),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "one of fatal, error, warn, info, debug, silent" }).default("info"),
});

/** Each variable's default, as the schema gives it (HF_TOKEN and CARNET_API_KEY have none). */
export function settingDefaults(): Record<SettingName, unknown> {
  return schema.parse({}) as Record<SettingName, unknown>;
}

export type Settings = {
  port: number;
  host: string;
  siteDir: string;
  siteBase: string;
  modelsManifest: string;
  llamaThreads: number;
  queueLength: number;
  requestTimeoutMs: number;
  maxTokensCap: number;
  defaultMaxTokens: number;
  streamFlushMs: number;
  bodyLimitBytes: number;
  maxMessages: number;
  maxStopChars: number;
  maxTools: number;
  maxJsonDepth: number;
  unknownModelPolicy: "fallback" | "not-found";
  hfToken: string | undefined;
  hfRouterUrl: string;
  corsOrigins: string[];
  allowedHosts: string[];
  cspConnectSrc: string;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  idleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  apiKey: string | undefined;
  rateLimitPerMinute: number;
  trustProxy: boolean;
  shutdownGraceMs: number;
  logLevel: string;
};

const list = (text: string) => text.split(",").map((o) => o.trim()).filter((o) => o !== "");

/** Reads settings from an environment (process.env by default); throws one line per bad variable. */
export function readSettings(env: Record<string, string | undefined> = process.env): Settings {
  const input: Record<string, string> = {};
  for (const name of Object.keys(settingDocs)) {
    const value = env[name];
    if (value !== undefined && value !== "") input[name] = value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "settings");
      const got = name === "HF_TOKEN" || name === "CARNET_API_KEY" ? "" : ` (got ${JSON.stringify(input[name])})`;
      return `  ${name}: must be ${issue.message}${got}`;
    });
    throw new Error(`Invalid server settings in the environment:\n${lines.join("\n")}`);
  }
  const s = result.data;
  return {
    port: s.PORT,
    host: s.HOST,
    siteDir: s.SITE_DIR,
    siteBase: s.SITE_BASE,
    modelsManifest: s.MODELS_MANIFEST,
    llamaThreads: s.LLAMA_THREADS,
    queueLength: s.QUEUE_LENGTH,
    requestTimeoutMs: s.REQUEST_TIMEOUT_MS,
    maxTokensCap: s.MAX_TOKENS_CAP,
    defaultMaxTokens: Math.min(s.DEFAULT_MAX_TOKENS, s.MAX_TOKENS_CAP),
    streamFlushMs: s.STREAM_FLUSH_MS,
    bodyLimitBytes: s.BODY_LIMIT_BYTES,
    maxMessages: s.MAX_MESSAGES,
    maxStopChars: s.MAX_STOP_CHARS,
    maxTools: s.MAX_TOOLS,
    maxJsonDepth: s.MAX_JSON_DEPTH,
    unknownModelPolicy: s.UNKNOWN_MODEL_POLICY,
    hfToken: s.HF_TOKEN || undefined,
    hfRouterUrl: s.HF_ROUTER_URL.replace(/\/+$/, ""),
    corsOrigins: list(s.CORS_ORIGINS),
    allowedHosts: list(s.ALLOWED_HOSTS).map((h) => h.toLowerCase()),
    cspConnectSrc: s.CSP_CONNECT_SRC,
    headersTimeoutMs: s.HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: s.BODY_TIMEOUT_MS,
    idleTimeoutMs: s.IDLE_TIMEOUT_MS,
    keepAliveTimeoutMs: s.KEEP_ALIVE_TIMEOUT_MS,
    apiKey: s.CARNET_API_KEY || undefined,
    rateLimitPerMinute: s.RATE_LIMIT_PER_MINUTE,
    trustProxy: s.TRUST_PROXY,
    shutdownGraceMs: s.SHUTDOWN_GRACE_MS,
    logLevel: s.LOG_LEVEL,
  };
}
