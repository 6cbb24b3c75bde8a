/**
 * Serves the built site (`dist/`): content types by extension, brotli or
 * gzip for text (compressed once per file version and kept in memory),
 * long-lived caching for Astro's hashed assets under `/_astro/`, revalidation
 * by ETag for everything else, and the 404 page of the locale a missing path
 * belongs to.
 *
 * @example
 * const site = new StaticSite("dist");
 * app.get("/*", (request, reply) => site.serve(request, reply));
 */
import { readFile, stat } from "node:fs/promises";
import { createReadStream } from "node:fs";
import type { Stats } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";
import { localeOfPath } from "../i18n/localizedPath.ts";
import contentTypeData from "./contentTypes.json" with { type: "json" };

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const types: Record<string, string> = contentTypeData.types;
const compressible = new Set(contentTypeData.compressible);
const MIN_COMPRESS_BYTES = 512;
const MAX_MEMORY_FILE_BYTES = 32 * 1024 * 1024;
const CACHE_BUDGET_BYTES = 64 * 1024 * 1024;

export const hashedAssetCacheControl = "public, max-age=31536000, immutable";
export const revalidateCacheControl = "no-cache";

type Encoding = "br" | "gzip" | "identity";

/** The best encoding the client accepts (`q=0` refuses one). */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get("*") ?? 0) > 0;
  if (ok("br")) return "br";
  if (ok("gzip")) return "gzip";
  return "identity";
}

export class StaticSite {
  readonly root: string;
  #compressed = new Map<string, Buffer>();
  #compressedBytes = 0;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file a URL path names, or undefined when it leaves the site folder or is malformed. */
  resolvePath(urlPath: string): string | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    if (decoded.includes("\0") || decoded.split(/[\\/]/).includes("..")) return undefined;
    const path = resolve(join(this.root, decoded));
    return path === this.root || path.startsWith(this.root + sep) ? path : undefined;
  }

  async #statFile(path: string | undefined): Promise<Stats | undefined> {
    if (path === undefined) return undefined;
    try {
      return await stat(path);
    } catch {
      return undefined;
    }
  }

  async serve(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const url = request.url;
    const queryAt = url.indexOf("?");
    const urlPath = queryAt === -1 ? url : url.slice(0, queryAt);
    const query = queryAt === -1 ? "" : url.slice(queryAt);
    const path = this.resolvePath(urlPath);
    const stats = await this.#statFile(path);
    if (path && stats?.isDirectory()) {
      if (!urlPath.endsWith("/")) return reply.redirect(`${urlPath}/${query}`, 301);
      const index = join(path, "index.html");
      const indexStats = await this.#statFile(index);
      if (indexStats?.isFile()) return this.#sendFile(request, reply, index, indexStats, 200, urlPath);
    } else if (path && stats?.isFile()) {
      return this.#sendFile(request, reply, path, stats, 200, urlPath);
    }
    return this.#notFound(request, reply, urlPath);
  }

  /** The 404 page of the path's locale, else the site-wide one. */
  async #notFound(request: FastifyRequest, reply: FastifyReply, urlPath: string): Promise<FastifyReply> {
    const locale = localeOfPath(urlPath);
    const candidates = [...(locale ? [join(this.root, locale, "404", "index.html"), join(this.root, locale, "404.html")] : []), join(this.root, "404.html")];
    for (const candidate of candidates) {
      const stats = await this.#statFile(candidate);
      if (stats?.isFile()) return this.#sendFile(request, reply, candidate, stats, 404, urlPath);
    }
    const builtAtAll = await this.#statFile(this.root);
    const message = builtAtAll ? "Not found" : "Not found: the site is not built (run npm run build)";
    return reply.code(404).type("text/plain; charset=utf-8").header("cache-control", revalidateCacheControl).send(message);
  }

  async #sendFile(request: FastifyRequest, reply: FastifyReply, path: string, stats: Stats, status: number, urlPath: string): Promise<FastifyReply> {
    const ext = extname(path).toLowerCase();
    const type = types[ext] ?? "application/octet-stream";
    const hashed = status === 200 && urlPath.startsWith("/_astro/");
    const canCompress = compressible.has(ext) && stats.size >= MIN_COMPRESS_BYTES && stats.size <= MAX_MEMORY_FILE_BYTES;
    const encoding: Encoding = canCompress ? pickEncoding(request.headers["accept-encoding"]) : "identity";
    const version = `${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}`;
    const etag = `W/"${version}${encoding === "identity" ? "" : `-${encoding}`}"`;

    reply
      .code(status)
      .header("content-type", type)
      .header("cache-control", hashed ? hashedAssetCacheControl : revalidateCacheControl)
      .header("x-content-type-options", "nosniff");
    if (compressible.has(ext)) reply.header("vary", "Accept-Encoding");
    if (status === 200) {
      reply.header("etag", etag).header("last-modified", stats.mtime.toUTCString());
      const ifNoneMatch = request.headers["if-none-match"];
      if (ifNoneMatch !== undefined && ifNoneMatch.split(",").some((tag) => tag.trim() === etag)) {
        return reply.code(304).send();
      }
    }
    if (stats.size > MAX_MEMORY_FILE_BYTES) {
      return reply.header("content-length", stats.size).send(createReadStream(path));
    }
    const body = await readFile(path);
    if (encoding === "identity") return reply.send(body);
    const compressed = await this.#compress(`${path}\u0000${version}\u0000${encoding}`, body, encoding);
    return reply.header("content-encoding", encoding).send(compressed);
  }

  async #compress(key: string, body: Buffer, encoding: "br" | "gzip"): Promise<Buffer> {
    const cached = this.#compressed.get(key);
    if (cached) return cached;
    const result =
      encoding === "br"
        ? await brotli(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 8, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : await gzipAsync(body, { level: 9 });
    this.#compressed.set(key, result);
    this.#compressedBytes += result.length;
    for (const [oldKey, old] of this.#compressed) {
      if (this.#compressedBytes <= CACHE_BUDGET_BYTES) break;
      this.#compressed.delete(oldKey);
      this.#compressedBytes -= old.length;
    }
    return result;
  }
}
