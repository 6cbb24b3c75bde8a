/**
 * A plain static file host for browser tests, standing in for GitHub Pages
 * or any CDN: serves a built site's folder under a base path (`/course/`),
 * `index.html` for folders, the site's `404.html` (with status 404) for
 * anything else, and `Range: bytes=N-` (resumed downloads) as such hosts
 * do. Written on node:http so the tests depend on nothing but the
 * built files — not on the project's own server.
 *
 * @example
 * const host = await startStaticHost("dist-course", "/course/");
 * await page.goto(`${host.url}/course/en/`);
 * await host.stop();
 */
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wasm": "application/wasm",
  ".gguf": "application/octet-stream",
};

export interface StaticHost {
  /** Origin without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  /** Every path asked for, with the status it got. */
  requests: { path: string; status: number }[];
  stop(): Promise<void>;
}

/** The file a request path names inside `root`, or undefined (outside the base, outside root, or absent). */
function fileFor(root: string, base: string, pathname: string): string | undefined {
  if (!pathname.startsWith(base)) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(base.length));
  } catch {
    return undefined;
  }
  const target = resolve(root, relative);
  if (target !== root && !target.startsWith(root + sep)) return undefined;
  for (const candidate of [target, join(target, "index.html")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not there: try the next form
    }
  }
  return undefined;
}

export async function startStaticHost(dir: string, base = "/"): Promise<StaticHost> {
  const root = resolve(dir);
  const requests: StaticHost["requests"] = [];
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? "/", "http://host").pathname;
    const found = fileFor(root, base, pathname);
    const file = found ?? fileFor(root, base, `${base}404.html`);
    const status = found ? 200 : 404;
    requests.push({ path: pathname, status });
    if (!file) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
      return;
    }
    const type = { "content-type": types[extname(file)] ?? "application/octet-stream", "accept-ranges": "bytes" };
    const size = statSync(file).size;
    const from = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? "")?.[1] ?? Number.NaN);
    if (found && from >= 0 && from < size) {
      response.writeHead(206, { ...type, "content-range": `bytes ${from}-${size - 1}/${size}`, "content-length": String(size - from) });
      createReadStream(file, { start: from }).pipe(response);
      return;
    }
    response.writeHead(status, { ...type, "content-length": String(size) });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((done) => server.close(() => done())),
  };
}
