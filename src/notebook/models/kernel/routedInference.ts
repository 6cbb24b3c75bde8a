/**
 * `@huggingface/inference` as cells get it in the kernel: the very same
 * exports, except that `InferenceClient` (and each task function) sends its
 * requests to the reader's backend and reports every request to the page.
 * Cells keep writing `new InferenceClient(process.env.HF_TOKEN)` and
 * `client.chatCompletionStream(...)`, as in a Node project.
 *
 * - A backend without a `base` (Hugging Face): requests go out as the
 *   client makes them, with the reader's provider choice when the cell
 *   names none.
 * - A backend with a `base` (this site's server, a custom URL): chat calls
 *   get its `.../v1/chat/completions` as their endpoint, other tasks are
 *   refused; the reader's token is never sent there (see `routeRequest`).
 * - Each call gets a time limit when the cell gives no signal; a stream the
 *   cell stops reading is cancelled, so the server stops generating.
 * - A backend that answers chat calls with its own code (`own`: the
 *   browser engine, over the kernel's port to the page, `hooks.engine`):
 *   its outputs are the call's; waiting its turn, the download and the
 *   model's loading are reported.
 * - Reports: when the first streamed token arrives, when the call ends
 *   (backend, model that answered, tokens per second) and when it fails
 *   (a problem code the page explains). The original error is rethrown.
 *
 * @example
 * adaptModule("@huggingface/inference", (module, env) =>
 *   routeInference(module as Record<string, unknown>, env, { report, pageOrigin: location.origin, fetch }));
 */
import { isHuggingFaceUrl, type Backend, type OwnCall, type PageChannel } from "../shared/backend.ts";
import { backendFromEnv, backendType, needsSiteProbe, SECRET_ENV } from "../shared/backends.ts";
import type { EngineError } from "../shared/backends/browser.ts";
import { classifyFailure } from "../shared/classifyFailure.ts";
import { listModels, reachable, type ListedModel } from "../shared/probe.ts";
import type { ModelProblem, ModelReport } from "../shared/report.ts";
import { routeRequest } from "./routeRequest.ts";
import { fieldProblem, lacksLogprobs, mentionsLogprobs, NoLogprobsError, RequestFieldError } from "./tokenProbabilities.ts";

export interface RoutingHooks {
  report(report: ModelReport): void;
  pageOrigin: string;
  /** The site's root URL, no trailing slash (origin and base path); default `pageOrigin`. Its server, if any, answers `<site>/v1`. */
  site?: string;
  fetch: typeof fetch;
  /** The way to the page's browser engine (absent where there is no page, e.g. some tests). */
  engine?: PageChannel;
  /** Time limit of calls made without a signal (default `DEFAULT_TIMEOUT_MS`). */
  defaultTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const CHAT_TASKS = new Set(["chatCompletion", "chatCompletionStream"]);

type Args = Record<string, unknown>;
type Options = Record<string, unknown> & { fetch?: typeof fetch; signal?: AbortSignal };
type Task = (args: Args, options?: Options) => unknown;

export function routeInference(module: Record<string, unknown>, env: Record<string, string>, hooks: RoutingHooks): Record<string, unknown> {
  const Original = module.InferenceClient as new () => object;
  const taskNames = Object.getOwnPropertyNames(new Original()).filter((name) => typeof module[name] === "function");
  const router = new Router(env, hooks);
  const tasks: Record<string, Task> = {};
  for (const name of taskNames) tasks[name] = router.wrap(name, module[name] as Task);

  /** The library's client, same constructor and methods, routed. */
  class InferenceClient {
    readonly #accessToken: string;
    readonly #defaults: Options & { endpointUrl?: string };

    constructor(accessToken = "", defaultOptions: Options & { endpointUrl?: string } = {}) {
      this.#accessToken = accessToken;
      this.#defaults = defaultOptions;
      const { endpointUrl, ...options } = defaultOptions;
      for (const name of taskNames) {
        Object.defineProperty(this, name, {
          enumerable: false,
          value: (params: Args, callOptions?: Options) => tasks[name]!({ endpointUrl, accessToken, ...params }, { ...options, ...callOptions }),
        });
      }
    }

    endpoint(endpointUrl: string): InferenceClient {
      return new InferenceClient(this.#accessToken, { ...this.#defaults, endpointUrl });
    }
  }

  return { ...module, ...tasks, InferenceClient, HfInference: InferenceClient, InferenceClientEndpoint: InferenceClient };
}

class Router {
  private readonly env: Record<string, string>;
  private readonly hooks: RoutingHooks;
  private serial = 0;
  private site: Promise<ListedModel[] | undefined> | undefined;
  /** This site's models once known (for labels such as "tiny demo model"). */
  private siteList: ListedModel[] | undefined;

  constructor(env: Record<string, string>, hooks: RoutingHooks) {
    this.env = env;
    this.hooks = hooks;
  }

  wrap(name: string, fn: Task): Task {
    const streaming = Object.prototype.toString.call(fn) === "[object AsyncGeneratorFunction]";
    return streaming ? (args, options) => this.stream(name, fn, args, options) : (args, options) => this.call(name, fn, args, options);
  }

  private get siteRoot(): string {
    return this.hooks.site ?? this.hooks.pageOrigin;
  }

  /** The models of this site's server, or undefined when `<site>/v1/models` does not answer (asked once). */
  private siteModels(): Promise<ListedModel[] | undefined> {
    this.site ??= listModels(this.hooks.fetch, `${this.siteRoot}/v1`, { timeoutMs: 3000 }).then((r) => (this.siteList = r.ok ? r.models : undefined));
    return this.site;
  }

  private async begin(name: string, args: Args, options: Options | undefined): Promise<ModelCall> {
    const answers = needsSiteProbe(this.env) ? (await this.siteModels()) !== undefined : false;
    const backend = backendFromEnv(this.env, this.siteRoot, answers);
    // Labels only: the request does not wait for the list.
    if (backend.origin === this.hooks.pageOrigin && !backend.inPage) void this.siteModels();
    const call = new ModelCall(++this.serial, backend, args ?? {}, options, this.env, this.hooks, () => this.siteList);
    if (backend.base !== undefined && !CHAT_TASKS.has(name)) {
      const error = new Error(`${name} is not available with ${backend.base}: only chatCompletion and chatCompletionStream go to this backend`);
      throw await call.failed(error, "unsupportedTask");
    }
    const bad = CHAT_TASKS.has(name) ? fieldProblem(call.args) : undefined;
    if (bad) throw await call.failed(bad);
    return call;
  }

  private async call(name: string, fn: Task, args: Args, options?: Options): Promise<unknown> {
    const call = await this.begin(name, args, options);
    try {
      const result = await call.send(name, fn);
      if (call.lacksLogprobs(result)) throw new NoLogprobsError();
      call.finished(result);
      return result;
    } catch (error) {
      throw await call.failed(error);
    }
  }

  private async *stream(name: string, fn: Task, args: Args, options?: Options): AsyncGenerator<unknown> {
    const call = await this.begin(name, args, options);
    let ended = false;
    try {
      for await (const chunk of call.send(name, fn) as AsyncIterable<unknown>) {
        call.chunk(chunk);
        if (call.lacksLogprobs(chunk)) throw new NoLogprobsError();
        yield chunk;
      }
      ended = true;
      call.finished(undefined);
    } catch (error) {
      ended = true;
      throw await call.failed(error);
    } finally {
      // The cell stopped reading (break, return): cancel, so the server stops generating.
      if (!ended) call.abandon();
    }
  }
}

interface Usage {
  completion_tokens?: unknown;
}

/** One request of a cell: its routed arguments, what came back, and its reports. */
class ModelCall {
  readonly args: Args;
  readonly options: Options;
  private readonly id: number;
  private readonly backend: Backend;
  private readonly hooks: RoutingHooks;
  private readonly listed: () => ListedModel[] | undefined;
  private readonly secrets: (string | undefined)[];
  private readonly controller = new AbortController();
  private readonly startedAt = performance.now();
  private status: number | undefined;
  private body: string | undefined;
  private retryAfter: string | null = null;
  private servedHeader: string | undefined;
  private askedHeader: string | undefined;
  private demoHeader = false;
  private answerModel: string | undefined;
  private network: "cors" | "unreachable" | undefined;
  private firstAt: number | undefined;
  private chunks = 0;
  private usageTokens: number | undefined;
  private fromMemory = false;
  private abandoned = false;

  constructor(id: number, backend: Backend, args: Args, options: Options | undefined, env: Record<string, string>, hooks: RoutingHooks, listed: () => ListedModel[] | undefined) {
    this.id = id;
    this.backend = backend;
    this.hooks = hooks;
    this.listed = listed;
    this.secrets = SECRET_ENV.map((name) => env[name]);
    const routed: Args = { ...args };
    if (backend.base === undefined) {
      if (routed.provider === undefined && !routed.endpointUrl && backend.provider) routed.provider = backend.provider;
    } else {
      if (typeof routed.endpointUrl !== "string" || isHuggingFaceUrl(routed.endpointUrl)) routed.endpointUrl = `${backend.base}/chat/completions`;
      delete routed.provider;
    }
    this.args = routed;
    // The engine in this browser gets no default limit: its first request may download and load a model for minutes, with progress shown and Stop at hand.
    const limit = options?.signal ?? (backend.inPage ? undefined : AbortSignal.timeout(hooks.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS));
    this.options = { ...options, signal: limit ? AbortSignal.any([this.controller.signal, limit]) : this.controller.signal, fetch: this.observe(options?.fetch ?? hooks.fetch) };
  }

  /** The call made: by the client (to an HTTP server), or by the backend's own code for a chat task. */
  send(name: string, fn: Task): unknown {
    const own = backendType(this.backend.kind)?.own;
    if (!own || !CHAT_TASKS.has(name)) return fn(this.args, this.options);
    const call: OwnCall = { backend: this.backend, args: this.args, signal: this.options.signal!, page: this.hooks.engine, report: (status) => this.engineStatus(status) };
    return name === "chatCompletion" ? own.chatCompletion(call) : own.chatCompletionStream(call);
  }

  /** The fetch the client uses for this call: routed, and watched. */
  private observe(fetchFn: typeof fetch): typeof fetch {
    return async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const routed = routeRequest(url, new Headers(init?.headers), this.backend);
      let response: Response;
      try {
        response = await fetchFn(routed.url, { ...init, headers: routed.headers });
      } catch (error) {
        if (!this.options.signal?.aborted && !this.backend.inPage) {
          const answers = await reachable(this.hooks.fetch, routed.url);
          const otherOrigin = !!this.backend.origin && this.backend.origin !== this.hooks.pageOrigin;
          this.network = answers && otherOrigin ? "cors" : "unreachable";
        }
        throw error;
      }
      this.status = response.status;
      this.servedHeader = response.headers.get("x-served-model") || undefined;
      this.askedHeader = response.headers.get("x-requested-model") || undefined;
      this.demoHeader = response.headers.get("x-demo-model") === "true";
      this.retryAfter = response.headers.get("retry-after");
      if (!response.ok) this.body = await response.clone().text().catch(() => undefined);
      return response;
    };
  }

  /** The engine is waiting its turn, asking consent, downloading or loading the model, starting or (not streamed) answering. */
  private engineStatus(status: Parameters<OwnCall["report"]>[0]): void {
    if (status.type === "download") {
      const { loaded, total, secondsLeft } = status;
      this.hooks.report({ ...this.report("downloading"), download: { loaded, total, ...(secondsLeft !== undefined ? { secondsLeft } : {}) } });
    } else if (status.type === "consent") {
      const { type: _, ...consent } = status;
      this.hooks.report({ ...this.report("consent"), consent });
    } else if (status.type === "start") {
      this.servedHeader = status.served;
      this.askedHeader = status.requested;
      this.demoHeader = status.demo;
    } else if (status.type === "answering") {
      this.firstAt ??= performance.now();
      this.hooks.report(this.report("streaming"));
    } else {
      if (status.type === "loading") {
        this.answerModel = status.model;
        this.fromMemory = !status.kept;
      }
      this.hooks.report(this.report(status.type));
    }
  }

  chunk(chunk: unknown): void {
    const c = chunk as { model?: unknown; usage?: Usage; choices?: { delta?: { content?: unknown } }[] } | null;
    if (typeof c?.model === "string" && c.model) this.answerModel = c.model;
    if (typeof c?.usage?.completion_tokens === "number") this.usageTokens = c.usage.completion_tokens;
    const text = c?.choices?.[0]?.delta?.content;
    if (typeof text === "string" && text !== "") {
      this.chunks++;
      if (this.firstAt === undefined) {
        this.firstAt = performance.now();
        this.hooks.report(this.report("streaming"));
      }
    }
  }

  /** Token probabilities were asked for and a backend on the network answered without them (the engine in the page speaks for itself). */
  lacksLogprobs(answer: unknown): boolean {
    return !this.backend.inPage && lacksLogprobs(this.args, answer);
  }

  finished(result: unknown): void {
    const r = result as { model?: unknown; usage?: Usage } | undefined;
    if (typeof r?.model === "string" && r.model) this.answerModel = r.model;
    if (typeof r?.usage?.completion_tokens === "number") this.usageTokens = r.usage.completion_tokens;
    this.hooks.report(this.report("done"));
  }

  /** Reports the failure (unless the cell cancelled the call itself) and returns the error to rethrow. */
  async failed(error: unknown, code?: "unsupportedTask"): Promise<unknown> {
    const name = error && typeof error === "object" && "name" in error ? (error as { name: unknown }).name : "";
    if (this.abandoned || (name === "AbortError" && !code)) return error;
    const engine = engineFailure(error);
    const problem: ModelProblem = code
      ? { code, backend: this.backend.kind, pageOrigin: this.hooks.pageOrigin }
      : error instanceof RequestFieldError
      ? { code: "badField" as const, backend: this.backend.kind, field: error.field }
      : engine
        ? {
            code: engine.code,
            backend: this.backend.kind,
            ...(engine.event.model ? { model: engine.event.model } : {}),
            ...(engine.event.bytes ? { bytes: engine.event.bytes } : {}),
            ...(engine.event.detail ? { detail: engine.event.detail } : {}),
          }
        : classifyFailure({
          backend: this.backend,
          pageOrigin: this.hooks.pageOrigin,
          hasToken: typeof this.args.accessToken === "string" && this.args.accessToken !== "",
          error,
          retryAfter: this.retryAfter,
          secrets: this.secrets,
          ...(this.requested ? { model: this.requested } : {}),
          ...(this.status !== undefined ? { status: this.status } : {}),
          ...(this.body !== undefined ? { body: this.body } : {}),
          ...(this.network ? { network: this.network } : {}),
        });
    // Asked for probabilities, and the backend left them out or refused the fields: say so, and where to get them.
    if (!this.backend.inPage && this.args.logprobs === true && ["rejected", "other", "serverFailed"].includes(problem.code)) {
      if (error instanceof NoLogprobsError) {
        problem.code = "noLogprobs";
        delete problem.detail;
      } else if (mentionsLogprobs(problem.detail)) problem.code = "noLogprobs";
    }
    this.hooks.report({ ...this.report("failed"), problem });
    // The model line above says what happened in the reader's language: the cell's error points there.
    if (error && typeof error === "object" && !("note" in error) && Object.isExtensible(error)) Object.assign(error, { note: { key: "modelFailed", values: {} } });
    return error;
  }

  abandon(): void {
    this.abandoned = true;
    this.controller.abort();
  }

  private get requested(): string | undefined {
    return typeof this.args.model === "string" && this.args.model !== "" ? this.args.model : undefined;
  }

  private report(state: ModelReport["state"]): ModelReport {
    const now = performance.now();
    const requested = this.requested;
    const served = this.servedHeader ?? this.answerModel ?? requested;
    // Only a server that says so (x-requested-model) answered with another model; providers often just spell ids their own way.
    const instead = !!served && !!requested && served !== requested && this.askedHeader !== undefined;
    const tokens = this.usageTokens ?? (this.chunks > 0 ? this.chunks : undefined);
    const seconds = (now - (this.firstAt ?? this.startedAt)) / 1000;
    const report: ModelReport = { id: this.id, state, backend: this.backend.kind };
    if (this.backend.auto && this.backend.inPage) report.picked = true;
    if (this.fromMemory) report.fromMemory = true;
    if (this.args.provider) report.provider = String(this.args.provider);
    if (this.backend.origin && !this.backend.inPage) report.origin = this.backend.origin;
    if (requested) report.requested = requested;
    if (served && state !== "failed") report.served = served;
    if (instead && state !== "failed") report.instead = true;
    if (served && (this.demoHeader || this.listed()?.some((m) => m.id === served && m.demo))) report.demo = true;
    if (this.firstAt !== undefined) report.firstTokenMs = Math.round(this.firstAt - this.startedAt);
    if (state === "done") {
      report.ms = Math.round(now - this.startedAt);
      if (tokens !== undefined) {
        report.tokens = tokens;
        if (seconds > 0) report.tokensPerSecond = Math.round((tokens / seconds) * 10) / 10;
      }
    }
    return report;
  }
}

/** The page's report of a browser-engine failure, as thrown or as the cause of the client's error. */
function engineFailure(error: unknown): EngineError | undefined {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { name?: unknown }).name === "EngineError" && "event" in e) return e as EngineError;
  }
  return undefined;
}
