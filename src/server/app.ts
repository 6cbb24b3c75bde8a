/**
 * The Fastify application: the built site and the OpenAI-compatible API on
 * one origin, each an encapsulated plugin (`sitePlugin` under SITE_BASE,
 * `apiPlugin` for `/v1` and the chat paths), plus what applies to every
 * request: the Host check, the security headers, JSON errors, `/healthz`,
 * `/metrics` and one structured log line per request (counts and timings
 * only).
 *
 * @example
 * const server = createApp({ settings, registry });
 * await server.app.listen({ port: settings.port, host: settings.host });
 */
import Fastify, { LogController } from "fastify";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Socket } from "node:net";
import { ApiError, boundReply, makeErrorHandler, sendApiError } from "./apiErrors.ts";
import { apiPlugin } from "./apiPlugin.ts";
import type { ChatContext } from "./chatCompletions.ts";
import { bodyDepthLimit, chatLimitsOf, settingOfBound } from "./chatRequest.ts";
import { requireApiKey } from "./apiKey.ts";
import { hostPolicy } from "./hostCheck.ts";
import { jsonShapeCheck } from "./jsonShape.ts";
import { Metrics } from "./metrics.ts";
import type { ModelRegistry } from "./modelRegistry.ts";
import { requestInfo } from "./requestInfo.ts";
import { baseHeaders } from "./securityHeaders.ts";
import type { Settings } from "./settings.ts";
import { sitePlugin } from "./sitePlugin.ts";

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

/** Writes the log line and counts the request once its response has closed. */
function logOnClose(request: FastifyRequest, reply: FastifyReply, metrics: Metrics): void {
  const info = requestInfo(request);
  reply.raw.once("close", () => {
    const finished = reply.raw.writableFinished;
    const status = reply.raw.statusCode;
    metrics.requests.inc({ route: info.route, status: finished ? String(status) : "aborted" });
    const path = pathOf(request.url);
    const ms = Math.round((performance.now() - info.startedAt) * 10) / 10;
    request.log.info(
      {
        method: request.method,
        path: path.slice(0, 200),
        route: info.route,
        status,
        ms,
        ...(info.model !== undefined ? { model: info.model.slice(0, 256) } : {}),
        ...(info.servedBy ? { servedBy: info.servedBy } : {}),
        ...(info.promptTokens !== undefined ? { promptTokens: info.promptTokens } : {}),
        ...(info.completionTokens !== undefined ? { completionTokens: info.completionTokens } : {}),
        ...(info.firstTokenAt !== undefined ? { firstTokenMs: Math.round((info.firstTokenAt - info.startedAt) * 10) / 10 } : {}),
        ...(info.streamError ? { streamError: true } : {}),
        ...(finished ? {} : { aborted: true }),
      },
      "request",
    );
  });
}

/** A malformed HTTP request (before Fastify has a request): a 400 in the API's shape, then the socket closes. */
function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const body = JSON.stringify({ error: status === 408 ? "the request took too long to arrive" : `malformed HTTP request (${error.code ?? "bad request"})` });
  socket.end(`HTTP/1.1 ${status} ${status === 408 ? "Request Timeout" : status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
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
    connectionTimeout: settings.idleTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    requestTimeout: settings.bodyTimeoutMs,
    http: { headersTimeout: settings.headersTimeoutMs, connectionsCheckingInterval: Math.min(1000, settings.headersTimeoutMs, settings.bodyTimeoutMs) },
    clientErrorHandler,
    frameworkErrors: (error, _request, reply) => sendApiError(reply, new ApiError(400, `malformed request: ${error.message}`)),
  });
  const models = () => Object.fromEntries(registry.models.map((m) => [m.id, { waiting: m.queue.waiting, running: m.queue.busy }]));
  const metrics = new Metrics(models);
  const inFlight = new Set<AbortController>();
  const context: ChatContext = { settings, registry, metrics, inFlight };
  const hostAllowed = hostPolicy(settings.host, settings.allowedHosts);

  app.setErrorHandler(makeErrorHandler(settings.bodyLimitBytes));

  // JSON bodies meet their route's size bounds before they are parsed: parsing 100,000 members or deep nesting is slow, counting them is not.
  const depthLimit = bodyDepthLimit(chatLimitsOf(settings));
  const shapeChecks = new WeakMap<object, ReturnType<typeof jsonShapeCheck>>();
  const noSchema = {};
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = String(body);
    const schema = (request.routeOptions.schema?.body as object | undefined) ?? noSchema;
    let check = shapeChecks.get(schema);
    if (!check) shapeChecks.set(schema, (check = jsonShapeCheck(schema, depthLimit)));
    const past = check(text);
    if (past) {
      const setting = past.keyword === "depth" ? "MAX_JSON_DEPTH" : settingOfBound(past.node, past.keyword);
      return done(boundReply(past.field, past.keyword, past.limit, setting) ?? new ApiError(413, "request body is too large"), undefined);
    }
    parseJson(request, text, done);
  });

  app.addHook("onRequest", async (request, reply) => {
    const info = requestInfo(request);
    info.route = request.routeOptions.config.route ?? "other";
    logOnClose(request, reply, metrics);
    reply.headers(baseHeaders);
    if (!hostAllowed(request.headers.host)) {
      return sendApiError(
        reply,
        new ApiError(421, "this server does not answer to that host name; add it to the server's ALLOWED_HOSTS setting if it is meant to be reached that way"),
      );
    }
  });

  app.get("/healthz", { config: { route: "healthz" } }, async () => ({
    status: "ok",
    models: registry.models.map((m) => ({ id: m.id, demo: m.entry.demo, busy: m.queue.busy, waiting: m.queue.waiting })),
  }));

  app.get("/metrics", { config: { route: "metrics" }, onRequest: requireApiKey(settings.apiKey) }, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  app.register(apiPlugin, context);

  const base = settings.siteBase.replace(/\/$/, "");
  app.register(sitePlugin, { prefix: base, siteDir: settings.siteDir, connectSrc: settings.cspConnectSrc });
  if (base !== "") {
    app.get("/", (_request, reply) => reply.redirect(settings.siteBase, 302));
    app.get(base, (request, reply) => reply.redirect(`${settings.siteBase}${request.url.slice(base.length)}`, 301));
    app.setNotFoundHandler((request, reply) =>
      sendApiError(reply, new ApiError(404, `no route ${request.method} ${pathOf(request.url).slice(0, 200)}; the site is at ${settings.siteBase}`)),
    );
  }

  return {
    app,
    metrics,
    abortAll: (reason) => {
      for (const controller of inFlight) controller.abort(reason);
    },
    inFlight: () => inFlight.size,
  };
}
