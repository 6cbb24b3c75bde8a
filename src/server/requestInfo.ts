/**
 * Facts gathered while a request runs (who served it, token counts, first
 * token time) for the request log and metrics. Counts only: never a prompt,
 * an output or a token's text.
 *
 * @example
 * requestInfo(request).model = "carnet-tiny-demo";
 */
import type { FastifyRequest } from "fastify";

export type RequestInfo = {
  startedAt: number;
  route: string;
  model?: string | undefined;
  servedBy?: "local" | "huggingface";
  promptTokens?: number;
  completionTokens?: number;
  firstTokenAt?: number;
  streamError?: boolean;
};

const infos = new WeakMap<object, RequestInfo>();

export function requestInfo(request: FastifyRequest): RequestInfo {
  let info = infos.get(request.raw);
  if (!info) {
    info = { startedAt: performance.now(), route: "other" };
    infos.set(request.raw, info);
  }
  return info;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route's label in logs and /metrics (chat, models, healthz, metrics). */
    route?: string;
  }
}
