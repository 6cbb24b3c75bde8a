/**
 * Compresses the built site once, after the build (`npm run build` calls it
 * once Astro's process has ended): every text file of
 * 512 bytes or more gets a `.br` and a `.gz` sibling, which the server
 * sends as they are (`@fastify/static`'s preCompressed). Brotli's quality
 * is chosen by what the file is, so that a large course still builds in
 * seconds:
 * - shared assets in `_astro/` (hashed, kept by browsers): 11, the best, up
 *   to 128 KB (every page's own scripts); 10 up to 1 MB (2% larger, twice
 *   as fast); 6 beyond (the engine's WebAssembly, the TypeScript service:
 *   about 3% larger than 9 and two and a half times faster; 11 takes
 *   8–25 s each for 5–10% less);
 * - pages, whose number grows with the course: 5, about a tenth larger than
 *   11 and some twenty times faster.
 * Gzip, for the rare client without brotli, uses level 6: within 0.5% of 9
 * and about twice as fast.
 * Files are compressed several at a time on zlib's thread pool, largest
 * first, so no large file is left running alone at the end.
 * Also runs as `node src/server/precompress.ts <dir>` for a site built
 * elsewhere.
 *
 * @example
 * await precompressSite("dist"); // { files: 212, bytes: 5_300_000, compressedBytes: 1_100_000 }
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { extname, join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import compressibleData from "./compressible.json" with { type: "json" };

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const compressible = new Set(compressibleData.compressible);
const MIN_BYTES = 512;
const PAGE_QUALITY = 5;
const GZIP_LEVEL = 6;
/** Brotli quality of an `_astro/` asset by its size: the first row whose bound it fits under. */
const ASSET_QUALITY: readonly [maxBytes: number, quality: number][] = [
  [128 * 1024, 11],
  [1024 * 1024, 10],
  [Infinity, 6],
];

function brotliQuality(dir: string, path: string, bytes: number): number {
  if (!relative(dir, path).startsWith(`_astro${sep}`)) return PAGE_QUALITY;
  return ASSET_QUALITY.find(([maxBytes]) => bytes <= maxBytes)![1];
}

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Writes `.br` and `.gz` next to each compressible file whose siblings are missing or older; `except` names top-level folders to leave for later. */
export async function precompressSite(dir: string, except: readonly string[] = []): Promise<{ files: number; bytes: number; compressedBytes: number }> {
  const totals = { files: 0, bytes: 0, compressedBytes: 0 };
  const todo: { path: string; size: number; mtimeMs: number }[] = [];
  for await (const path of files(dir)) {
    if (!compressible.has(extname(path).toLowerCase()) || except.includes(relative(dir, path).split(sep)[0]!)) continue;
    const { size, mtimeMs } = await stat(path);
    if (size >= MIN_BYTES) todo.push({ path, size, mtimeMs });
  }
  todo.sort((a, b) => b.size - a.size);
  const compress = async ({ path, mtimeMs }: (typeof todo)[number]) => {
    const fresh = async (sibling: string) => ((await stat(sibling).catch(() => undefined))?.mtimeMs ?? -1) >= mtimeMs;
    if ((await fresh(`${path}.br`)) && (await fresh(`${path}.gz`))) return;
    const body = await readFile(path);
    const quality = brotliQuality(dir, path, body.length);
    const [br, gz] = await Promise.all([
      brotli(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: quality, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      gzipAsync(body, { level: GZIP_LEVEL }),
    ]);
    await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
    totals.files++;
    totals.bytes += body.length;
    totals.compressedBytes += br.length;
  };
  let next = 0;
  const worker = async () => {
    while (next < todo.length) await compress(todo[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, worker));
  return totals;
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("Usage: node src/server/precompress.ts <site folder>");
    process.exit(2);
  }
  console.log(JSON.stringify(await precompressSite(dir)));
}
