/**
 * The built site (`dist/`) under SITE_BASE, as an encapsulated Fastify
 * plugin around `@fastify/static`: files compressed once at build time
 * (`.br`, `.gz`) sent as they are, Range, ETag and 304, a year-long
 * immutable cache for Astro's hashed files under `_astro/`, `no-cache` for
 * the rest, the security headers of pages and scripts, and for a missing
 * path the 404 page of its locale.
 *
 * @example
 * await app.register(sitePlugin, { prefix: "/course", siteDir: "dist", connectSrc: "'self' https:" });
 */
import { readFileSync, statSync } from "node:fs";
import { extname, join, relative, resolve, sep } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { localeOfPath } from "../i18n/localizedPath.ts";
import { ApiError, sendApiError } from "./apiErrors.ts";
import { requestInfo } from "./requestInfo.ts";
import { fileHeaders, pageHeaders, scriptHeaders } from "./securityHeaders.ts";

const hashedAssetCacheControl = "public, max-age=31536000, immutable";
const revalidateCacheControl = "no-cache";

export type SiteOptions = { siteDir: string; connectSrc: string };

/** The path inside the site, without the plugin's prefix and query. */
function sitePath(request: FastifyRequest, prefix: string): string {
  const at = request.url.indexOf("?");
  const path = at === -1 ? request.url : request.url.slice(0, at);
  return path.slice(prefix.length) || "/";
}

/** A page's headers, cached per file version (its inline script hashes need the file read once). */
function pageHeaderCache(connectSrc: string) {
  const cache = new Map<string, { version: string; headers: Record<string, string> }>();
  return (path: string): Record<string, string> => {
    const stats = statSync(path, { throwIfNoEntry: false });
    const version = stats ? `${stats.size}-${stats.mtimeMs}` : "";
    const cached = cache.get(path);
    if (cached?.version === version) return cached.headers;
    const headers = pageHeaders(stats ? readFileSync(path, "utf8") : "", connectSrc);
    if (cache.size > 10_000) cache.clear();
    cache.set(path, { version, headers });
    return headers;
  };
}

export async function sitePlugin(app: FastifyInstance, options: SiteOptions): Promise<void> {
  const { connectSrc } = options;
  const siteDir = resolve(options.siteDir);
  const prefix = app.prefix;
  const headersOfPage = pageHeaderCache(connectSrc);
  const headersOfScript = scriptHeaders(connectSrc);

  app.addHook("onRequest", async (request, reply) => {
    requestInfo(request).route = "static";
    // "//host/x" would be read as another site by a browser: collapse leading slashes.
    if (/^\/[/\\]/.test(request.url.slice(prefix.length))) {
      return reply.redirect(`${prefix}/${request.url.slice(prefix.length).replace(/^[/\\]+/, "")}`, 301);
    }
  });

  await app.register(fastifyStatic, {
    root: siteDir,
    prefix: "/",
    wildcard: true,
    preCompressed: true,
    redirect: true,
    index: ["index.html"],
    dotfiles: "ignore",
    cacheControl: false,
    etag: true,
    lastModified: true,
    acceptRanges: true,
    setHeaders: (reply: FastifyReply, path: string) => {
      const original = path.replace(/\.(br|gz)$/, "");
      const ext = extname(original).toLowerCase();
      const hashed = reply.statusCode === 200 && relative(siteDir, original).startsWith(`_astro${sep}`);
      reply.header("cache-control", hashed ? hashedAssetCacheControl : revalidateCacheControl);
      if (ext === ".html") reply.headers(headersOfPage(original));
      else if (ext === ".js" || ext === ".mjs") reply.headers(headersOfScript);
      else reply.headers(fileHeaders);
    },
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = sitePath(request, prefix);
    if ((request.method !== "GET" && request.method !== "HEAD") || path.startsWith("/v1/")) {
      return sendApiError(reply, new ApiError(404, `no route ${request.method} ${path.slice(0, 200)}`));
    }
    const locale = localeOfPath(path);
    const pages = [...(locale ? [`${locale}/404/index.html`, `${locale}/404.html`] : []), "404.html"];
    const page = pages.find((p) => statSync(join(siteDir, p), { throwIfNoEntry: false })?.isFile());
    reply.code(404);
    if (page) return reply.sendFile(page, { etag: false, lastModified: false });
    const built = statSync(siteDir, { throwIfNoEntry: false }) !== undefined;
    return reply
      .type("text/plain; charset=utf-8")
      .header("cache-control", revalidateCacheControl)
      .send(built ? "Not found" : "Not found: the site is not built (run npm run build)");
  });
}
