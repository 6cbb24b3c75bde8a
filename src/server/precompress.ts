/**
 * Compresses the built site once, after `astro build`: every text file of
 * 512 bytes or more gets a `.br` (brotli, best quality) and a `.gz` sibling,
 * which the server sends as they are (`@fastify/static`'s preCompressed).
 * Also runs as `node src/server/precompress.ts <dir>` for a site built
 * elsewhere.
 *
 * @example
 * await precompressSite("dist"); // { files: 212, bytes: 5_300_000, compressedBytes: 1_100_000 }
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import compressibleData from "./compressible.json" with { type: "json" };

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const compressible = new Set(compressibleData.compressible);
const MIN_BYTES = 512;

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Writes `.br` and `.gz` next to each compressible file whose siblings are missing or older. */
export async function precompressSite(dir: string): Promise<{ files: number; bytes: number; compressedBytes: number }> {
  const totals = { files: 0, bytes: 0, compressedBytes: 0 };
  for await (const path of files(dir)) {
    if (!compressible.has(extname(path).toLowerCase())) continue;
    const stats = await stat(path);
    if (stats.size < MIN_BYTES) continue;
    const fresh = async (sibling: string) => ((await stat(sibling).catch(() => undefined))?.mtimeMs ?? -1) >= stats.mtimeMs;
    if ((await fresh(`${path}.br`)) && (await fresh(`${path}.gz`))) continue;
    const body = await readFile(path);
    const [br, gz] = await Promise.all([
      brotli(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      gzipAsync(body, { level: 9 }),
    ]);
    await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
    totals.files++;
    totals.bytes += body.length;
    totals.compressedBytes += br.length;
  }
  return totals;
}

/** The Astro integration that runs `precompressSite` on the build's output. */
export function precompressIntegration() {
  return {
    name: "carnet-precompress",
    hooks: {
      "astro:build:done": async ({ dir, logger }: { dir: URL; logger: { info(message: string): void } }) => {
        const { files: count, bytes, compressedBytes } = await precompressSite(fileURLToPath(dir));
        logger.info(`compressed ${count} files once for the server (${bytes} bytes → ${compressedBytes} with brotli)`);
      },
    },
  };
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("Usage: node src/server/precompress.ts <site folder>");
    process.exit(2);
  }
  console.log(JSON.stringify(await precompressSite(dir)));
}
