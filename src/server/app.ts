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
import { StringDecoder } from "node:string_decoder";
import { ApiError, boundReply, makeErrorHandler, sendApiError } from "./apiErrors.ts";
import { apiPlugin } from "./apiPlugin.ts";
import type { ChatContext } from "./chatCompletions.ts";
import { bodyDepthLimit, chatLimitsOf, settingOfBound } from "./chatRequest.ts";
import { requireApiKey } from "./apiKey.ts";
import { hostPolicy } from "./hostCheck.ts";
import { jsonShapeScanner } from "./jsonShape.ts";
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

  // JSON bodies meet their route's size bounds as they arrive, before they are parsed: parsing 100,000 members or deep
  // nesting is slow, counting them is not, and a body refused early is not gathered, joined and decoded whole.
  const depthLimit = bodyDepthLimit(chatLimitsOf(settings));
  const scanners = new WeakMap<object, ReturnType<typeof jsonShapeScanner>>();
  const noSchema = {};
  const parseJson = app.getDefaultJsonParser("error", "error");
  const tooLarge = () => new ApiError(413, `request body is larger than this server's limit of ${settings.bodyLimitBytes} bytes`);
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", (request, payload, done) => {
    const schema = (request.routeOptions.schema?.body as object | undefined) ?? noSchema;
    let scanner = scanners.get(schema);
    if (!scanner) scanners.set(schema, (scanner = jsonShapeScanner(schema, depthLimit)));
    const scan = scanner();
    if (Number(request.headers["content-length"] ?? 0) > settings.bodyLimitBytes) return done(tooLarge(), undefined);
    const decoder = new StringDecoder("utf8");
    const pieces: string[] = [];
    let bytes = 0;
    let settled = false;
    // A body past a bound is read to its end without being kept or decoded, then refused: clients still sending would
    // otherwise see the connection fail instead of the answer.
    let refusal: ApiError | undefined;
    const settle = (error: Error | null, text?: string) => {
      if (settled) return;
      settled = true;
      payload.removeListener("data", onData);
      if (error) payload.resume();
      if (error || text === undefined) done(error, undefined);
      else parseJson(request, text, done);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > settings.bodyLimitBytes) return settle(tooLarge());
      if (refusal) return;
      const piece = decoder.write(chunk);
      const past = scan(piece);
      if (past) {
        const setting = past.keyword === "depth" ? "MAX_JSON_DEPTH" : settingOfBound(past.node, past.keyword);
        refusal = boundReply(past.field, past.keyword, past.limit, setting) ?? tooLarge();
        pieces.length = 0;
        return;
      }
      pieces.push(piece);
    };
    payload.on("data", onData);
    payload.once("end", () => (refusal ? settle(refusal) : settle(null, pieces.join("") + decoder.end())));
    payload.once("error", () => settle(Object.assign(new Error("the request body could not be read to its end"), { statusCode: 400 })));
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
  // The site's pages find the API below their own base path, as on any host that serves the site there.
  if (base !== "") app.register(apiPlugin, { ...context, prefix: base });
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
