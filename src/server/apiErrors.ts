/**
 * API errors and their one shape, `{"error": "..."}` (the shape
 * @huggingface/inference prints well), with messages that name the field at
 * fault. The server never answers 503: that client retries 503 forever.
 *
 * @example
 * throw new ApiError(404, 'Model "x" is not served here. Available models: carnet-tiny-demo');
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { settingOfBound } from "./chatRequest.ts";

export class ApiError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(status: number, message: string, options: { headers?: Record<string, string>; extra?: Record<string, unknown> } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status === 503 ? 502 : status;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
  }
}

type AjvError = { instancePath: string; schemaPath?: string; keyword: string; message?: string; params: Record<string, unknown>; propertyName?: string };

/** The schema node an error's `schemaPath` (`#/properties/stop/items/maxLength`) points into. */
function schemaNode(schema: unknown, schemaPath: string | undefined): Record<string, unknown> | undefined {
  if (!schemaPath?.startsWith("#/")) return undefined;
  let node: unknown = schema;
  for (const part of schemaPath.slice(2).split("/").slice(0, -1)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node !== null && typeof node === "object" ? (node as Record<string, unknown>) : undefined;
}

const shortName = (field: string) => (field.length > 160 ? `${field.slice(0, 160)}…` : field) || "body";

/**
 * A bound of the request schema that a request went past, as a 413 naming
 * the field, the bound and the setting that changes it; undefined for
 * other errors.
 */
function boundError(error: AjvError | undefined, schema: unknown): ApiError | undefined {
  if (!error) return undefined;
  const field = fieldName(error.instancePath);
  const node = schemaNode(schema, error.schemaPath);
  const limit = Number(error.params.limit);
  if (error.keyword === "type" && settingOfBound(node, "type") === "MAX_JSON_DEPTH") {
    return new ApiError(413, `${shortName(field)}: nested deeper than this server's limit (MAX_JSON_DEPTH)`);
  }
  if (error.propertyName !== undefined && error.keyword === "maxLength") {
    return new ApiError(413, `${shortName(field)}: a property name is longer than this server's limit of ${limit} characters`);
  }
  const setting = settingOfBound(node, error.keyword);
  return boundReply(field, error.keyword, limit, setting);
}

/** The 413 for a field past one of its bounds (`maxLength`, `maxItems`, `maxProperties` or `depth`); undefined for other keywords. */
export function boundReply(field: string, keyword: string, limit: number, setting: string | undefined): ApiError | undefined {
  const name = shortName(field);
  const by = setting ? ` (${setting})` : "";
  switch (keyword) {
    case "maxLength":
      return new ApiError(413, `${name}: longer than this server's limit of ${limit} characters${by}`);
    case "maxItems":
      return new ApiError(413, `${name}: more than this server's limit of ${limit} items${by}`);
    case "maxProperties":
      return new ApiError(413, `${name}: more than this server's limit of ${limit} properties${by}`);
    case "depth":
      return new ApiError(413, `${name}: nested deeper than this server's limit of ${limit} levels${by}`);
  }
  return undefined;
}

/** `/messages/0/role` → `messages[0].role`. */
function fieldName(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name === "" ? part : `${name}.${part}`), "");
}

function listed(values: readonly unknown[]): string {
  const words = values.map((v) => String(v));
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/** One readable sentence for the first schema violation. */
function describeValidationError(errors: readonly AjvError[]): string {
  const error = errors[0];
  if (!error) return "request body is invalid";
  const path = fieldName(error.instancePath);
  const field = shortName(path);
  switch (error.keyword) {
    case "required": {
      const missing = String(error.params.missingProperty);
      return `${path ? `${field}.` : ""}${missing}: is required`;
    }
    case "type": {
      const types = String(error.params.type).split(",");
      return `${field}: must be ${listed(types.map((t) => (t === "null" ? "null" : `${/^[aeiou]/.test(t) ? "an" : "a"} ${t}`)))}`;
    }
    case "enum":
      return `${field}: must be one of ${listed(error.params.allowedValues as unknown[])}`;
    case "minItems":
      return `${field}: must not be empty${Number(error.params.limit) > 1 ? ` (at least ${String(error.params.limit)} items)` : ""}`;
    default:
      return `${field}: ${error.message ?? "is invalid"}`;
  }
}

/** Converts any error thrown in a request into the API's JSON error reply. */
function apiErrorReply(error: unknown, bodyLimitBytes: number, schema?: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as FastifyError & { validation?: AjvError[] };
  if (e.validation) return boundError(e.validation[0], schema) ?? new ApiError(400, describeValidationError(e.validation));
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ApiError(413, `request body is larger than this server's limit of ${bodyLimitBytes} bytes`);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiError(415, "Content-Type must be application/json");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ApiError(400, "request body is empty; send a JSON object");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new ApiError(400, `request body is not valid JSON: ${e.message}`);
  }
  if (e instanceof SyntaxError || (e.statusCode === 400 && /JSON/i.test(e.message))) {
    return new ApiError(400, `request body is not valid JSON: ${e.message}`);
  }
  if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) return new ApiError(e.statusCode, e.message);
  return new ApiError(500, "internal server error");
}

/** Sends an ApiError as `{"error": "..."}`. */
export function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply
    .code(error.status)
    .headers(error.headers)
    .type("application/json; charset=utf-8")
    .send({ error: error.message, ...error.extra });
}

/** Fastify error handler: API paths get JSON errors; unexpected ones are logged without the body. */
export function makeErrorHandler(bodyLimitBytes: number) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = apiErrorReply(error, bodyLimitBytes, request.routeOptions.schema?.body);
    if (apiError.status >= 500) request.log.error({ err: { message: (error as Error).message, stack: (error as Error).stack } }, "request failed");
    return sendApiError(reply, apiError);
  };
}
