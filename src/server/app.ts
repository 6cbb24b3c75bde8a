/**
 * The Fastify application: the built site and the OpenAI-compatible API on
 * one origin, with CORS, the optional API key, the per-client rate limit,
 * JSON errors, `/healthz`, `/metrics` and one structured log line per
 * request (counts and timings only).
 *
 * @example
 * const server = createApp({ settings, registry });
 * await server.app.listen({ port: settings.port, host: settings.host });
 */
import Fastify, { LogController } from "fastify";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { bearerMatches } from "./apiKey.ts";
import { ApiError, makeErrorHandler, sendApiError } from "./apiErrors.ts";
import { isChatPath, registerChatCompletions } from "./chatCompletions.ts";
import type { ChatContext } from "./chatCompletions.ts";
import { corsHeaders, originAllowed, preflightHeaders } from "./cors.ts";
import { Metrics } from "./metrics.ts";
import type { ModelRegistry } from "./modelRegistry.ts";
import { RateLimit } from "./rateLimit.ts";
import { requestInfo } from "./requestInfo.ts";
import type { Settings } from "./settings.ts";
import { StaticSite } from "./staticSite.ts";

export type CarnetServer = {
  app: FastifyInstance;
  metrics: Metrics;
  /** Stops every running generation and proxied request (used at shutdown). */
  abortAll: (reason: Error) => void;
  /** Running generations and proxied requests. */
  inFlight: () => number;
};

function pathOf(url: string): string {
  const at = url.indexOf("?");
  return at === -1 ? url : url.slice(0, at);
}

/** The metrics label of a path; API paths get CORS, the key check and the rate limit. */
function routeOf(method: string, path: string): { route: string; api: boolean } {
  if (path === "/healthz") return { route: "healthz", api: false };
  if (path === "/metrics") return { route: "metrics", api: false };
  if (path === "/v1/models" || path.startsWith("/v1/models/")) return { route: "models", api: true };
  if (method !== "GET" && method !== "HEAD" && isChatPath(path)) return { route: "chat", api: true };
  if (method === "OPTIONS" && isChatPath(path)) return { route: "chat", api: true };
  if (path.startsWith("/v1/")) return { route: "api_other", api: true };
  if (method === "GET" || method === "HEAD") return { route: "static", api: false };
  return { route: "other", api: true };
}

export function createApp(options: { settings: Settings; registry: ModelRegistry; logStream?: { write(line: string): void } }): CarnetServer {
  const { settings, registry } = options;
  const app = Fastify({
    logger: {
      level: settings.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      redact: ["req.headers.authorization", "headers.authorization"],
    },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: settings.bodyLimitBytes,
    return503OnClosing: false,
    trustProxy: settings.trustProxy,
    routerOptions: { ignoreTrailingSlash: false },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false, allowUnionTypes: true } },
  });
  const metrics = new Metrics();
  const rateLimit = new RateLimit(settings.rateLimitPerMinute);
  const site = new StaticSite(settings.siteDir);
  const inFlight = new Set<AbortController>();
  const context: ChatContext = { settings, registry, metrics, inFlight };

  app.setErrorHandler(makeErrorHandler(settings.bodyLimitBytes));

  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    const info = requestInfo(request);
    const path = pathOf(request.url);
    const { route, api } = routeOf(request.method, path);
    info.route = route;
    reply.raw.once("close", () => {
      const status = reply.raw.statusCode;
      metrics.countRequest(route, status);
      const ms = Math.round((performance.now() - info.startedAt) * 10) / 10;
      request.log.info(
        {
          method: request.method,
          path: route === "static" ? path : path.slice(0, 200),
          route,
          status,
          ms,
          ...(info.model !== undefined ? { model: info.model } : {}),
          ...(info.servedBy ? { servedBy: info.servedBy } : {}),
          ...(info.promptTokens !== undefined ? { promptTokens: info.promptTokens } : {}),
          ...(info.completionTokens !== undefined ? { completionTokens: info.completionTokens } : {}),
          ...(info.firstTokenAt !== undefined ? { firstTokenMs: Math.round((info.firstTokenAt - info.startedAt) * 10) / 10 } : {}),
          ...(info.streamError ? { streamError: true } : {}),
          ...(reply.raw.writableFinished ? {} : { aborted: true }),
        },
        "request",
      );
    });

    if (!api && route !== "metrics") return;
    const origin = request.headers.origin;
    if (origin !== undefined && api) {
      if (!originAllowed(origin, request.headers.host, settings.corsOrigins)) {
        return sendApiError(reply, new ApiError(403, `origin ${origin} may not call this API; the server's CORS_ORIGINS setting lists the allowed ones`));
      }
      if (request.method === "OPTIONS") {
        return reply.code(204).headers(preflightHeaders(origin, request.headers["access-control-request-headers"])).send();
      }
      reply.headers(corsHeaders(origin));
    }
    if (request.method === "OPTIONS") return reply.code(204).header("allow", "GET, POST, OPTIONS").send();
    if (settings.apiKey !== undefined && !bearerMatches(request.headers.authorization, settings.apiKey)) {
      return sendApiError(
        reply,
        new ApiError(401, "missing or wrong API key: this server requires Authorization: Bearer <key> (its CARNET_API_KEY)", {
          headers: { "www-authenticate": "Bearer" },
        }),
      );
    }
    if (api) {
      const verdict = rateLimit.take(request.ip);
      if (!verdict.ok) {
        return sendApiError(
          reply,
          new ApiError(429, `too many requests from this client: the limit is ${settings.rateLimitPerMinute} per minute; retry after ${verdict.retryAfterSeconds} s`, {
            headers: { "retry-after": String(verdict.retryAfterSeconds) },
          }),
        );
      }
    }
  });

  app.get("/healthz", async () => ({
    status: "ok",
    models: registry.models.map((m) => ({ id: m.id, demo: m.entry.demo, busy: m.queue.busy, waiting: m.queue.waiting })),
  }));

  app.get("/metrics", async (_request, reply) => {
    const queueDepth: Record<string, number> = {};
    const running: Record<string, number> = {};
    for (const m of registry.models) {
      queueDepth[m.id] = m.queue.waiting;
      running[m.id] = m.queue.busy;
    }
    return reply.type("text/plain; version=0.0.4; charset=utf-8").send(metrics.render({ queueDepth, running }));
  });

  const describeModel = (id: string) => {
    const m = registry.get(id)!;
    return {
      id: m.id,
      object: "model",
      created: 0,
      owned_by: "carnet",
      label: m.entry.label,
      demo: m.entry.demo,
      context_length: m.contextSize,
      default: m === registry.defaultModel,
    };
  };

  app.get("/v1/models", async () => ({
    object: "list",
    data: registry.models.map((m) => describeModel(m.id)),
    huggingface_proxy: registry.policy.huggingFace,
    unknown_model_policy: registry.policy.huggingFace ? "huggingface" : registry.policy.unknownModelPolicy,
  }));

  app.get("/v1/models/*", async (request) => {
    const id = decodeURIComponent((request.params as { "*": string })["*"]);
    if (!registry.get(id)) throw new ApiError(404, `model "${id}" is not served here. Available models: ${registry.models.map((m) => m.id).join(", ") || "none"}`);
    return describeModel(id);
  });

  registerChatCompletions(app, context);

  app.get("/*", (request, reply) => {
    const path = pathOf(request.url);
    if (path.startsWith("/v1/")) return sendApiError(reply, new ApiError(404, `no API route GET ${path}`));
    return site.serve(request, reply);
  });

  app.setNotFoundHandler((request, reply) => sendApiError(reply, new ApiError(404, `no route ${request.method} ${pathOf(request.url)}`)));

  return {
    app,
    metrics,
    abortAll: (reason) => {
      for (const controller of inFlight) controller.abort(reason);
    },
    inFlight: () => inFlight.size,
  };
}
