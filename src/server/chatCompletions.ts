/**
 * `POST /v1/chat/completions` and the other paths @huggingface/inference
 * posts to when its requests are routed here (`/chat/completions`,
 * `/models/<id>/v1/chat/completions`, `/<provider>/.../chat/completions`).
 * Picks who answers, holds a model slot for the request's lifetime, streams
 * chunks as Server-Sent Events, and stops the generation as soon as the
 * client goes away or the request times out.
 *
 * @example
 * registerChatCompletions(app, { settings, registry, metrics });
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "./apiErrors.ts";
import { chatCompletionBodySchema, chatLimitsOf, checkLocalOptions, stopSequences, toChatHistory, topLogprobsOf, UnsupportedRequestError } from "./chatRequest.ts";
import type { ChatCompletionBody } from "./chatRequest.ts";
import { forwardToHuggingFace, pathProblem } from "./huggingFaceProxy.ts";
import { PromptTooLongError } from "./localModel.ts";
import type { LocalModel } from "./localModel.ts";
import type { GenerationOutcome, Metrics } from "./metrics.ts";
import type { ModelRegistry } from "./modelRegistry.ts";
import { ChunkFrames, chatCompletion, completionId, DONE, errorFrame, usageOf } from "./openaiShapes.ts";
import type { Settings } from "./settings.ts";
import { QueueFullError } from "./slotQueue.ts";
import { SseWriter } from "./sseWriter.ts";
import { headerValue } from "./headerValue.ts";
import type { TokenLogprob } from "./tokenProbabilities.ts";
import { requestInfo, type RequestInfo } from "./requestInfo.ts";

export type ChatContext = {
  settings: Settings;
  registry: ModelRegistry;
  metrics: Metrics;
  /** Controllers of running requests, so shutdown can stop them. */
  inFlight: Set<AbortController>;
};

/** The reason given to running requests when the server stops. */
export class ShutdownError extends Error {
  constructor() {
    super("the server is shutting down; retry in a moment");
    this.name = "ShutdownError";
  }
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`the request took longer than this server's limit of ${ms} ms`);
    this.name = "TimeoutError";
  }
}

class ClientGoneError extends Error {
  constructor() {
    super("client disconnected");
    this.name = "ClientGoneError";
  }
}

/** The path's model id in `/models/<id>/…/chat/completions` forms, percent-decoded (as it is left when it is not valid percent-encoding). */
export function modelOfPath(path: string): string | undefined {
  const match = /(?:^|\/)models\/(.+?)(?:\/v1)?\/chat\/completions$/.exec(path);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1];
  }
}

/** Whether a path is one of the accepted chat-completion forms. */
export function isChatPath(path: string): boolean {
  return path === "/v1/chat/completions" || path === "/chat/completions" || /^\/[\w.-]+(\/[^?#]*)?\/chat\/completions$/.test(path);
}

/** The model the client asked for; an endpoint URL in `model` (as the HF client sends with endpointUrl) counts as none. */
function requestedModel(body: ChatCompletionBody, path: string): string | undefined {
  const fromBody = body.model !== undefined && !/^https?:\/\//i.test(body.model) ? body.model : undefined;
  return fromBody ?? modelOfPath(path);
}

function pathOf(request: FastifyRequest): string {
  const at = request.url.indexOf("?");
  return at === -1 ? request.url : request.url.slice(0, at);
}

export function registerChatCompletions(app: FastifyInstance, context: ChatContext): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      return await handleChat(request, reply, context);
    } finally {
      if (!reply.raw.writableFinished && !request.raw.socket.destroyed) request.raw.socket.setTimeout(context.settings.idleTimeoutMs);
    }
  };
  const schema = { body: chatCompletionBodySchema(chatLimitsOf(context.settings)) };
  const notAChatPath = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = pathOf(request);
    if (!isChatPath(path)) throw new ApiError(404, `no API route POST ${path.slice(0, 200)}`);
    const problem = pathProblem(path);
    if (problem) throw new ApiError(400, `path: ${problem}`);
    void reply;
  };
  const config = { route: "chat" };
  app.post("/v1/chat/completions", { schema, config }, handler);
  app.post("/chat/completions", { schema, config }, handler);
  app.post("/:prefix/*", { schema, config, preValidation: notAChatPath }, handler);
}

async function handleChat(request: FastifyRequest, reply: FastifyReply, context: ChatContext): Promise<FastifyReply | void> {
  const { settings, registry } = context;
  const body = request.body as ChatCompletionBody;
  const path = pathOf(request);
  const requested = requestedModel(body, path);
  const route = registry.route(requested);
  const info = requestInfo(request);
  // While a reply is being made the socket is quiet; REQUEST_TIMEOUT_MS bounds it. Once the reply is made, a socket
  // whose reader is slow is idle again (IDLE_TIMEOUT_MS); once it is all sent, the connection waits for the next request
  // as long as any other does (KEEP_ALIVE_TIMEOUT_MS).
  const socket = request.raw.socket;
  socket.setTimeout(0);
  reply.raw.once("finish", () => socket.setTimeout(settings.keepAliveTimeoutMs));

  if (route.kind === "unknown") {
    const list = route.available.length > 0 ? route.available.join(", ") : "none";
    throw new ApiError(
      404,
      `model "${requested ?? ""}" is not served here, and this server does not forward to Hugging Face (no HF_TOKEN). Available models: ${list}`,
      { extra: { available_models: route.available } },
    );
  }
  if (route.kind === "huggingface") {
    info.model = requested;
    info.servedBy = "huggingface";
    return proxy(request, reply, context, body, path);
  }

  const model = route.model;
  info.model = model.id;
  info.servedBy = "local";
  let history;
  try {
    checkLocalOptions(body);
    history = toChatHistory(body.messages);
  } catch (error) {
    if (error instanceof UnsupportedRequestError) throw new ApiError(400, error.message);
    throw error;
  }
  const maxTokens = Math.min(body.max_completion_tokens ?? body.max_tokens ?? settings.defaultMaxTokens, settings.maxTokensCap);
  const stream = body.stream === true;
  const includeUsage = stream && body.stream_options?.include_usage === true;

  const controller = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) controller.abort(new ClientGoneError());
  };
  reply.raw.on("close", onClose);
  context.inFlight.add(controller);
  const remaining = Math.max(1, settings.requestTimeoutMs - (performance.now() - info.startedAt));
  const timer = setTimeout(() => controller.abort(new TimeoutError(settings.requestTimeoutMs)), remaining);

  const headers: Record<string, string> = { "x-served-model": model.id };
  if (route.fallback && requested !== undefined) headers["x-requested-model"] = headerValue(requested);

  let slot: number;
  try {
    await model.checkPromptFits(history);
    slot = await model.queue.acquire(controller.signal);
  } catch (error) {
    clearTimeout(timer);
    reply.raw.off("close", onClose);
    context.inFlight.delete(controller);
    if (error instanceof QueueFullError) {
      throw new ApiError(429, `model "${model.id}" is busy: ${model.queue.slots} running and ${model.queue.maxWaiting} waiting; retry after ${error.retryAfterSeconds} s`, {
        headers: { "retry-after": String(error.retryAfterSeconds) },
      });
    }
    if (error instanceof TimeoutError) {
      throw new ApiError(429, `model "${model.id}" stayed busy past this server's limit of ${settings.requestTimeoutMs} ms; retry later`, {
        headers: { "retry-after": String(model.queue.retryAfterSeconds()) },
      });
    }
    if (error instanceof ClientGoneError) return reply;
    if (error instanceof ShutdownError) throw new ApiError(500, error.message);
    if (error instanceof PromptTooLongError) throw new ApiError(400, `messages: ${error.message}`);
    throw error;
  }

  try {
    return stream
      ? await streamReply(request, reply, context, model, { history, maxTokens, body, includeUsage, headers, signal: controller.signal, slot })
      : await wholeReply(request, reply, context, model, { history, maxTokens, body, headers, signal: controller.signal, slot });
  } finally {
    clearTimeout(timer);
    reply.raw.off("close", onClose);
    context.inFlight.delete(controller);
    model.queue.release(slot);
  }
}

type LocalRun = {
  history: ReturnType<typeof toChatHistory>;
  maxTokens: number;
  body: ChatCompletionBody;
  headers: Record<string, string>;
  signal: AbortSignal;
  slot: number;
};

/**
 * The generation a run asks for. The first piece of text is timed for
 * /metrics; then `onText` gets each piece and whether it is the first.
 */
function generationFor(
  run: LocalRun,
  context: ChatContext,
  model: LocalModel,
  info: RequestInfo,
  onText?: (text: string, first: boolean, logprobs?: TokenLogprob[]) => void,
) {
  return {
    history: run.history,
    maxTokens: run.maxTokens,
    temperature: run.body.temperature ?? 1,
    topP: run.body.top_p ?? undefined,
    seed: run.body.seed ?? undefined,
    stop: stopSequences(run.body.stop),
    signal: run.signal,
    topLogprobs: topLogprobsOf(run.body),
    onText: (text: string, logprobs?: TokenLogprob[]) => {
      const first = info.firstTokenAt === undefined;
      if (first) {
        info.firstTokenAt = performance.now();
        context.metrics.firstToken.observe({ model: model.id }, (info.firstTokenAt - info.startedAt) / 1000);
      }
      onText?.(text, first, logprobs);
    },
  };
}

/** How a generation that threw ended, for /metrics. */
function outcomeOf(error: unknown): GenerationOutcome {
  if (error instanceof ClientGoneError) return "client_gone";
  if (error instanceof TimeoutError) return "timeout";
  if (error instanceof ShutdownError) return "shutdown";
  return "failed";
}

async function wholeReply(request: FastifyRequest, reply: FastifyReply, context: ChatContext, model: LocalModel, run: LocalRun) {
  const info = requestInfo(request);
  try {
    const result = await model.generate(run.slot, generationFor(run, context, model, info));
    const promptTokens = result.promptTokens ?? model.countPromptTokens(run.history);
    info.promptTokens = promptTokens;
    info.completionTokens = result.completionTokens;
    context.metrics.tokens.inc({ model: model.id }, result.completionTokens);
    context.metrics.generations.inc({ model: model.id, outcome: "completed" });
    return reply
      .headers(run.headers)
      .send(chatCompletion({ id: completionId(), model: model.id, text: result.text, finishReason: result.finishReason, usage: usageOf(promptTokens, result.completionTokens), logprobs: result.logprobs }));
  } catch (error) {
    context.metrics.generations.inc({ model: model.id, outcome: outcomeOf(error) });
    if (error instanceof ClientGoneError) return reply;
    if (error instanceof TimeoutError) throw new ApiError(504, error.message);
    if (error instanceof PromptTooLongError) throw new ApiError(400, `messages: ${error.message}`);
    if (error instanceof ShutdownError) throw new ApiError(500, error.message);
    throw error;
  }
}

async function streamReply(request: FastifyRequest, reply: FastifyReply, context: ChatContext, model: LocalModel, run: LocalRun & { includeUsage: boolean }) {
  const info = requestInfo(request);
  const id = completionId();
  const frames = new ChunkFrames(id, model.id, run.includeUsage);
  const res = reply.raw;
  const writer = new SseWriter(res, context.settings.streamFlushMs, () => {
    reply.hijack();
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      ...run.headers,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    });
  });
  let begun = false;
  const begin = () => {
    begun = true;
    writer.begin(frames.role());
  };
  try {
    const result = await model.generate(run.slot, {
      ...generationFor(run, context, model, info, (text, first, logprobs) => writer.push(frames.text(text, logprobs), { now: first })),
      onStart: begin,
    });
    if (!begun) begin();
    writer.push(frames.finish(result.finishReason), { now: true });
    const promptTokens = result.promptTokens ?? model.countPromptTokens(run.history);
    info.promptTokens = promptTokens;
    info.completionTokens = result.completionTokens;
    context.metrics.tokens.inc({ model: model.id }, result.completionTokens);
    context.metrics.generations.inc({ model: model.id, outcome: "completed" });
    writer.end((run.includeUsage ? frames.usage(usageOf(promptTokens, result.completionTokens)) : "") + DONE);
  } catch (error) {
    context.metrics.generations.inc({ model: model.id, outcome: outcomeOf(error) });
    if (error instanceof ClientGoneError) {
      writer.discard();
      if (!writer.headSent) reply.hijack();
      res.destroy();
      return;
    }
    const message =
      error instanceof TimeoutError || error instanceof ShutdownError
        ? error.message
        : error instanceof PromptTooLongError
          ? `messages: ${error.message}`
          : "the generation failed on the server";
    if (!writer.headSent) {
      writer.discard();
      if (error instanceof TimeoutError) throw new ApiError(504, message);
      if (error instanceof ShutdownError) throw new ApiError(500, message);
      if (error instanceof PromptTooLongError) throw new ApiError(400, message);
      throw error;
    }
    if (!(error instanceof TimeoutError || error instanceof ShutdownError)) request.log.error({ err: { message: (error as Error).message } }, "generation failed");
    info.streamError = true;
    writer.end(errorFrame(message) + DONE);
  }
}

async function proxy(request: FastifyRequest, reply: FastifyReply, context: ChatContext, body: ChatCompletionBody, path: string) {
  const { settings } = context;
  const controller = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) controller.abort(new ClientGoneError());
  };
  reply.raw.on("close", onClose);
  context.inFlight.add(controller);
  reply.raw.once("close", () => context.inFlight.delete(controller));
  const timeout = AbortSignal.timeout(settings.requestTimeoutMs);
  const signal = AbortSignal.any([controller.signal, timeout]);
  let upstream;
  try {
    upstream = await forwardToHuggingFace({
      routerUrl: settings.hfRouterUrl,
      token: settings.hfToken!,
      path,
      body,
      stream: body.stream === true,
      signal,
    });
  } catch (error) {
    reply.raw.off("close", onClose);
    if (error instanceof ClientGoneError) return reply;
    if (timeout.aborted) throw new ApiError(504, `the Hugging Face router did not answer within ${settings.requestTimeoutMs} ms`);
    throw error;
  }
  const headers = { ...upstream.headers, "x-served-model": headerValue(body.model ?? ""), "x-served-by": "huggingface" };
  if (upstream.kind === "json") {
    upstream.body.on("error", () => reply.raw.destroy());
    return reply.code(upstream.status).headers(headers).send(upstream.body);
  }
  return relayEvents(request, reply, upstream.status, headers, upstream.body, () =>
    controller.signal.aborted
      ? undefined
      : timeout.aborted
        ? `the Hugging Face router's stream ran past this server's limit of ${settings.requestTimeoutMs} ms`
        : "the Hugging Face router's stream broke off",
  );
}

/** The end of the last whole event in `text` (after its blank line), or 0. */
function lastEventEnd(text: string): number {
  return Math.max(text.lastIndexOf("\n\n") + 2, text.lastIndexOf("\r\n\r\n") + 4, 0);
}

const MAX_HELD_EVENT = 1_048_576;

/** Until `res` has room again or is closed; the listener of the other event goes too, so a slow reader's many waits leave none behind. */
function roomOrClose(res: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

/**
 * Passes an upstream event stream on whole events at a time, so that if it
 * is cut (by the timeout, or the router going away) the client gets a
 * readable `{"error": ...}` event and `[DONE]` after the last whole event,
 * not half an event. `cutReason` says why it broke off (undefined: the
 * client left).
 */
async function relayEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  headers: Record<string, string>,
  events: NodeJS.ReadableStream & { destroy(): void },
  cutReason: () => string | undefined,
) {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(status, { ...(reply.getHeaders() as Record<string, string>), ...headers, "cache-control": "no-cache", "x-accel-buffering": "no" });
  let held = "";
  const decoder = new TextDecoder();
  try {
    for await (const chunk of events) {
      held += typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
      const end = held.length > MAX_HELD_EVENT ? held.length : lastEventEnd(held);
      if (end > 0) {
        const whole = held.slice(0, end);
        held = held.slice(end);
        if (!res.write(whole)) await roomOrClose(res);
      }
      if (res.destroyed) break;
    }
    res.end(held);
  } catch {
    events.destroy();
    const reason = cutReason();
    if (reason === undefined || res.destroyed) {
      res.destroy();
      return;
    }
    requestInfo(request).streamError = true;
    res.end(errorFrame(reason) + DONE);
  }
}
