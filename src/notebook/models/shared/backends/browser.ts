/**
 * The engine in the reader's own page (llama.cpp in WebAssembly, see
 * `../../page/browser/`): a catalogue model, downloaded with consent and kept in
 * the browser. Its requests never leave the page: a cell's chat call is
 * checked here, sent to the page's engine host as one typed request
 * (`EngineAsk`) over the kernel's port, and the host's typed replies
 * become the same `ChatCompletionOutput` or stream chunks any server's
 * answer gives, with token probabilities when asked. `base` is only a name
 * the routing recognises, never fetched. Its settings section's own code
 * (downloads, consent, space used) is `../../page/backends/browser.panel.ts`.
 *
 * @example
 * browser.resolve({ browserModel: "smollm2-360m-instruct-q8_0" }, site) // { kind: "browser", base: `${site}/_browser-engine/v1`, origin: new URL(site).origin, model: "smollm2-360m-instruct-q8_0", inPage: true }
 * const port = new EnginePort((message) => kernelPort.postMessage(message)); // its `receive` gets the page's replies
 */
import type { BackendType, ChatChunkOutput, ChatOutput, OwnCall, PageChannel } from "../backend.ts";
import type { EngineAsk, EngineFailure, EngineMessage, EngineReply, EngineReplyMessage, EngineRequestMessage, EngineUsage, TokenLogprob } from "../browser/engineMessages.ts";

/** A failure the page reported (or a request the engine cannot take), with the problem code it explains. */
export class EngineError extends Error {
  readonly code: EngineFailure["code"];
  readonly event: EngineFailure;
  constructor(failure: EngineFailure) {
    super(failure.detail ? `the engine in this browser failed (${failure.code}): ${failure.detail}` : `the engine in this browser failed (${failure.code})`);
    this.name = "EngineError";
    this.code = failure.code;
    this.event = { code: failure.code, ...(failure.detail ? { detail: failure.detail } : {}), ...(failure.model ? { model: failure.model } : {}), ...(failure.bytes ? { bytes: failure.bytes } : {}) };
  }
}

/** The kernel's end of the port to the page's engine host: numbers each request, hands its replies back, cancels it. */
export class EnginePort implements PageChannel {
  private readonly post: (message: EngineRequestMessage) => void;
  private readonly open = new Map<number, (reply: EngineReply) => void>();
  private next = 1;

  constructor(post: (message: EngineRequestMessage) => void) {
    this.post = post;
  }

  /** A reply from the page. */
  receive(message: EngineReplyMessage): void {
    const onReply = this.open.get(message.request);
    if (!onReply) return;
    if (message.reply.type === "done" || message.reply.type === "error") this.open.delete(message.request);
    onReply(message.reply);
  }

  ask(ask: EngineAsk, onReply: (reply: EngineReply) => void): () => void {
    const request = this.next++;
    this.open.set(request, onReply);
    this.post({ type: "engine", request, ask });
    return () => {
      if (!this.open.delete(request)) return;
      this.post({ type: "engineCancel", request });
    };
  }
}

const ROLES: Record<string, EngineMessage["role"]> = { system: "system", developer: "system", user: "user", assistant: "assistant" };

/** A request the engine cannot take: its field and what is wrong, in the words the site's server uses. */
function refuse(field: string, problem: string): never {
  throw new EngineError({ code: "browserRequest", detail: `${field}: ${problem}` });
}

const given = (value: unknown) => value !== undefined && value !== null;

function number(args: Readonly<Record<string, unknown>>, field: string, bounds: { min?: number; max?: number; integer?: boolean }): number | undefined {
  const value = args[field];
  if (!given(value)) return undefined;
  const kind = bounds.integer ? "an integer" : "a number";
  if (typeof value !== "number" || !Number.isFinite(value) || (bounds.integer && !Number.isInteger(value))) refuse(field, `must be ${kind}`);
  if (bounds.min !== undefined && bounds.max !== undefined && (value < bounds.min || value > bounds.max)) refuse(field, `must be ${kind} from ${bounds.min} to ${bounds.max}`);
  if (bounds.min !== undefined && value < bounds.min) refuse(field, `must be ${kind} of at least ${bounds.min}`);
  return value;
}

function messageText(content: unknown, index: number, role: string): string {
  if (typeof content === "string") return content;
  if (!given(content) && role === "assistant") return "";
  if (!Array.isArray(content)) refuse(`messages[${index}].content`, "must be a string or a list of text parts");
  return content
    .map((part: unknown, p) => {
      const { type, text } = (part ?? {}) as { type?: unknown; text?: unknown };
      if (type !== "text" || typeof text !== "string") refuse(`messages[${index}].content[${p}]`, "the engine in this browser reads text parts only");
      return text;
    })
    .join("");
}

const MAX_MESSAGES = 256;
const MAX_STOPS = 4;

/**
 * The engine's request for a cell's chat arguments, every field the engine
 * reads checked with the site's server's bounds (an `EngineError` naming
 * the field otherwise, before anything is downloaded). `model` is the
 * catalogue model chosen in the settings.
 */
function engineAsk(args: Readonly<Record<string, unknown>>, model: string): EngineAsk {
  const list = args.messages;
  if (!Array.isArray(list) || list.length === 0) refuse("messages", "must be a non-empty list");
  if (list.length > MAX_MESSAGES) refuse("messages", `more than ${MAX_MESSAGES} items`);
  const messages = list.map((message: unknown, index): EngineMessage => {
    const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
    const mapped = typeof role === "string" && Object.hasOwn(ROLES, role) ? ROLES[role]! : refuse(`messages[${index}].role`, `must be one of ${Object.keys(ROLES).join(", ")}`);
    return { role: mapped, content: messageText(content, index, mapped) };
  });
  if (given(args.n) && args.n !== 1) refuse("n", "the engine in this browser generates one choice (n must be 1)");
  const maxTokens = number(args, "max_completion_tokens", { min: 1, integer: true }) ?? number(args, "max_tokens", { min: 1, integer: true });
  const temperature = number(args, "temperature", { min: 0, max: 2 });
  const topP = number(args, "top_p", { min: 0, max: 1 });
  const seed = number(args, "seed", { integer: true });
  let stop: string[] | undefined;
  if (given(args.stop)) {
    const stops: unknown[] = typeof args.stop === "string" ? [args.stop] : Array.isArray(args.stop) ? args.stop : refuse("stop", "must be a string or a list of strings");
    if (stops.length > MAX_STOPS) refuse("stop", `more than ${MAX_STOPS} items`);
    stop = stops.map((s, i) => (typeof s === "string" ? s : refuse(`stop[${i}]`, "must be a string"))).filter((s) => s !== "");
  }
  // logprobs and top_logprobs are checked for every backend before routing (kernel/tokenProbabilities.ts).
  const top = typeof args.top_logprobs === "number" ? args.top_logprobs : undefined;
  const requested = typeof args.model === "string" && args.model !== "" ? args.model : undefined;
  return {
    model,
    ...(requested ? { requested } : {}),
    messages,
    ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { top_p: topP } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(stop && stop.length > 0 ? { stop } : {}),
    ...(args.logprobs === true ? { top_logprobs: top ?? 0 } : {}),
  };
}

type Answer = Extract<EngineReply, { type: "chunk" | "done" }>;

/**
 * One request's answer as it arrives: the reports go to `call.report`, an
 * error is thrown, and the page's generation is cancelled as soon as the
 * call aborts (whatever it is waiting for: its turn, consent, the download,
 * the next token) or its reader stops reading.
 */
async function* exchange(call: OwnCall, ask: EngineAsk): AsyncGenerator<Answer> {
  if (!call.page) throw new Error("the browser engine is not available to this kernel");
  call.signal.throwIfAborted();
  const queue: EngineReply[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const cancel = call.page.ask(ask, (reply) => {
    queue.push(reply);
    wake?.();
  });
  const abort = () => {
    cancel();
    wake?.();
  };
  call.signal.addEventListener("abort", abort, { once: true });
  try {
    for (;;) {
      call.signal.throwIfAborted();
      const reply = queue.shift();
      if (!reply) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if (reply.type === "report") call.report(reply.report);
      else if (reply.type === "error") {
        ended = true;
        throw new EngineError(reply);
      } else {
        if (reply.type === "done") ended = true;
        yield reply;
        if (reply.type === "done") return;
      }
    }
  } finally {
    call.signal.removeEventListener("abort", abort);
    if (!ended) cancel();
  }
}

let answers = 0;

/** What every output of one answer shares. */
function head(served: string): { id: string; created: number; model: string } {
  return { id: `browser-${++answers}`, created: Math.floor(Date.now() / 1000), model: served };
}

/** The model that answered, from the page's `start` report (the catalogue's id), passed on to the cell's own report. */
function watched(call: OwnCall): { call: OwnCall; served: () => string } {
  let served = "";
  return {
    call: {
      ...call,
      report: (report) => {
        if (report.type === "start") served = report.served;
        call.report(report);
      },
    },
    served: () => served,
  };
}

const counted = (usage: EngineUsage | undefined, tokens: number): EngineUsage => usage ?? { prompt_tokens: 0, completion_tokens: tokens, total_tokens: tokens };

async function chatCompletion(cellCall: OwnCall): Promise<ChatOutput> {
  const ask = engineAsk(cellCall.args, cellCall.backend.model ?? "");
  const { call, served } = watched(cellCall);
  const pieces: string[] = [];
  const entries: TokenLogprob[] = [];
  let tokens = 0;
  let end: Extract<Answer, { type: "done" }> | undefined;
  for await (const reply of exchange(call, ask)) {
    if (reply.type === "done") end = reply;
    else {
      if (reply.text !== "" && tokens++ === 0) call.report({ type: "answering" });
      pieces.push(reply.text);
      if (reply.logprobs) entries.push(...reply.logprobs);
    }
  }
  return {
    ...head(served()),
    object: "chat.completion",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: pieces.join("") },
        logprobs: ask.top_logprobs !== undefined ? { content: entries, refusal: null } : null,
        finish_reason: end?.finish ?? "stop",
      },
    ],
    usage: counted(end?.usage, tokens),
  };
}

async function* chatCompletionStream(cellCall: OwnCall): AsyncGenerator<ChatChunkOutput> {
  const ask = engineAsk(cellCall.args, cellCall.backend.model ?? "");
  const options = cellCall.args.stream_options as { include_usage?: unknown } | null | undefined;
  const { call, served } = watched(cellCall);
  let shared: ReturnType<typeof head> | undefined;
  const chunk = (rest: Pick<ChatChunkOutput, "choices"> & { usage?: EngineUsage }): ChatChunkOutput => ({ ...(shared ??= head(served())), object: "chat.completion.chunk", ...rest });
  let tokens = 0;
  for await (const reply of exchange(call, ask)) {
    if (reply.type === "chunk") {
      const delta = tokens === 0 ? { role: "assistant" as const, content: reply.text } : { content: reply.text };
      if (reply.text !== "") tokens++;
      yield chunk({ choices: [{ index: 0, delta, logprobs: ask.top_logprobs !== undefined ? { content: reply.logprobs ?? [], refusal: null } : null, finish_reason: null }] });
    } else {
      yield chunk({ choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: reply.finish }] });
      if (options?.include_usage === true) yield chunk({ choices: [], usage: counted(reply.usage, tokens) });
    }
  }
}

export const browser: BackendType = {
  kind: "browser",
  settings: [{ name: "browserModel", env: "CARNET_BROWSER_MODEL", input: "select" }],
  resolve: (values, site) => ({ kind: "browser", base: `${site}/_browser-engine/v1`, origin: new URL(site).origin, model: values.browserModel?.trim() ?? "", inPage: true }),
  own: { chatCompletion, chatCompletionStream },
};
