/**
 * The OpenAI-compatible API as an encapsulated Fastify plugin: its own
 * security headers, the origin check, CORS (`@fastify/cors`), the optional
 * API key, the per-client rate limit (`@fastify/rate-limit`), `/v1/models`
 * and the chat routes. None of it touches the site's files.
 *
 * @example
 * await app.register(apiPlugin, context);
 */
import fastifyCors from "@fastify/cors";
import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import { rateLimitKey, requireApiKey } from "./apiKey.ts";
import { ApiError, sendApiError } from "./apiErrors.ts";
import { registerChatCompletions } from "./chatCompletions.ts";
import type { ChatContext } from "./chatCompletions.ts";
import { originAllowed } from "./cors.ts";
import { requestInfo } from "./requestInfo.ts";

export async function apiPlugin(app: FastifyInstance, context: ChatContext): Promise<void> {
  const { settings, registry } = context;

  app.addHook("onRequest", async (request, reply) => {
    const route = request.routeOptions.config.route;
    requestInfo(request).route = route ?? "api_other";
    const origin = request.headers.origin;
    if (origin !== undefined && !originAllowed(origin, request.headers.host, settings.corsOrigins)) {
      return sendApiError(reply, new ApiError(403, `origin ${origin.slice(0, 200)} may not call this API; the server's CORS_ORIGINS setting lists the allowed ones`));
    }
  });

  // Only origins the hook above let through reach here, so the plugin reflects them.
  await app.register(fastifyCors, {
    origin: true,
    methods: ["GET", "POST", "OPTIONS"],
    exposedHeaders: ["x-served-model", "x-requested-model", "x-served-by", "retry-after"],
    maxAge: 600,
    strictPreflight: false,
  });

  app.addHook("onRequest", requireApiKey(settings.apiKey));

  if (settings.rateLimitPerMinute > 0) {
    await app.register(fastifyRateLimit, {
      max: settings.rateLimitPerMinute,
      timeWindow: 60_000,
      // With a key, requests count against it (only requests that carry it get here); without, against the client's address.
      keyGenerator: (request) => rateLimitKey(request, settings.apiKey),
      addHeadersOnExceeding: { "x-ratelimit-limit": false, "x-ratelimit-remaining": false, "x-ratelimit-reset": false },
      errorResponseBuilder: (_request, limit) =>
        new ApiError(429, `too many requests from this ${settings.apiKey === undefined ? "client" : "API key"}: the limit is ${limit.max} per minute; retry after ${Math.ceil(limit.ttl / 1000)} s`),
    });
  }

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

  const models = { config: { route: "models" } };
  app.get("/v1/models", models, async () => ({
    object: "list",
    data: registry.models.map((m) => describeModel(m.id)),
    huggingface_proxy: registry.policy.huggingFace,
    unknown_model_policy: registry.policy.huggingFace ? "huggingface" : registry.policy.unknownModelPolicy,
  }));

  // Fastify has decoded the id once already.
  app.get("/v1/models/*", models, async (request) => {
    const id = (request.params as { "*": string })["*"];
    if (!registry.get(id)) throw new ApiError(404, `model "${id.slice(0, 256)}" is not served here. Available models: ${registry.models.map((m) => m.id).join(", ") || "none"}`);
    return describeModel(id);
  });

  app.get("/v1/*", async (request) => {
    throw new ApiError(404, `no API route GET ${request.url.split("?")[0]!.slice(0, 200)}`);
  });

  registerChatCompletions(app, context);
}
