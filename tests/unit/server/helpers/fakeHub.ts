/**
 * A local imitation of the Hugging Face hub's file endpoints: HEAD and GET
 * on `/<owner>/<name>/resolve/<revision>/<file>` answer 302 with the
 * `x-linked-size`, `x-linked-etag` and `x-repo-commit` headers; the storage
 * URL serves the bytes with Range support, and can be told to cut a
 * download short or to advertise a wrong checksum.
 *
 * @example
 * const hub = await startFakeHub({ "org/repo": { "m.gguf": bytes } });
 * hub.cutNextDownloadAfter = 1000;
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";

export type FakeHub = {
  url: string;
  requests: { method: string; path: string; headers: IncomingHttpHeaders }[];
  /** The next storage GET sends this many bytes, then drops the connection. */
  cutNextDownloadAfter: number | undefined;
  /** Files whose advertised sha256 is wrong. */
  lyingAbout: Set<string>;
  close: () => Promise<void>;
};

export const COMMIT = "0123456789abcdef0123456789abcdef01234567";

export async function startFakeHub(repos: Record<string, Record<string, Buffer>>): Promise<FakeHub> {
  const blobs = new Map<string, Buffer>();
  const hub: FakeHub = { url: "", requests: [], cutNextDownloadAfter: undefined, lyingAbout: new Set(), close: async () => {} };
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    hub.requests.push({ method: request.method ?? "", path, headers: request.headers });

    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (resolve) {
      const [, repo, , file] = resolve;
      const bytes = repos[repo!]?.[file!];
      if (!bytes) {
        response.writeHead(404, { "content-type": "application/json", "x-error-code": "EntryNotFound" }).end(JSON.stringify({ error: "Entry not found" }));
        return;
      }
      let sha = createHash("sha256").update(bytes).digest("hex");
      blobs.set(sha, bytes);
      if (hub.lyingAbout.has(file!)) sha = createHash("sha256").update("something else").digest("hex");
      response
        .writeHead(302, {
          location: `${hub.url}/storage/${createHash("sha256").update(bytes).digest("hex")}`,
          "x-linked-size": String(bytes.length),
          "x-linked-etag": `"${sha}"`,
          "x-repo-commit": COMMIT,
          etag: `"${sha}"`,
        })
        .end();
      return;
    }

    const storage = /^\/storage\/([0-9a-f]{64})$/.exec(path);
    const bytes = storage ? blobs.get(storage[1]!) : undefined;
    if (!bytes) {
      response.writeHead(404).end();
      return;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? "");
    if (range) {
      start = Number(range[1]);
      if (start >= bytes.length) {
        response.writeHead(416, { "content-range": `bytes */${bytes.length}` }).end();
        return;
      }
    }
    const body = bytes.subarray(start);
    response.writeHead(range ? 206 : 200, {
      "content-type": "application/octet-stream",
      "content-length": String(body.length),
      "accept-ranges": "bytes",
      ...(range ? { "content-range": `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : {}),
    });
    if (request.method === "HEAD") {
      response.end();
      return;
    }
    const cut = hub.cutNextDownloadAfter;
    if (cut !== undefined) {
      hub.cutNextDownloadAfter = undefined;
      response.write(body.subarray(0, cut), () => response.destroy());
      return;
    }
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  hub.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  hub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return hub;
}
