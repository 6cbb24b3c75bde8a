/**
 * The optional shared-deployment key: when CARNET_API_KEY is set, API
 * requests and `/metrics` must carry it as a bearer token. Compared in
 * constant time.
 *
 * @example
 * bearerMatches("Bearer s3cret", "s3cret") // true
 * bearerMatches(undefined, "s3cret")       // false
 * app.addHook("onRequest", requireApiKey("s3cret"));
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ApiError, sendApiError } from "./apiErrors.ts";

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

export function bearerMatches(authorization: string | undefined, key: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!.trim()), digest(key));
}

/** An onRequest hook that answers 401 to requests without the key (preflights pass: browsers send them without credentials). */
export function requireApiKey(key: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (key === undefined || request.method === "OPTIONS" || bearerMatches(request.headers.authorization, key)) return;
    return sendApiError(
      reply,
      new ApiError(401, "missing or wrong API key: this server requires Authorization: Bearer <key> (its CARNET_API_KEY)", {
        headers: { "www-authenticate": "Bearer" },
      }),
    );
  };
}

/** The rate-limit bucket of a request: its API key's digest when the server has a key, else its address. */
export function rateLimitKey(request: FastifyRequest, key: string | undefined): string {
  if (key === undefined) return request.ip;
  const presented = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? "")?.[1]?.trim() ?? "";
  return `key:${digest(presented).toString("hex")}`;
}
