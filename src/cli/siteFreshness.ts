/**
 * Whether the built site in `dist/` must be rebuilt: when it is missing, or
 * when a source of the site (content/, src/ except the server and CLI code,
 * locales/, public/, astro.config.mjs) changed after the last build. The
 * build's time is that of its oldest HTML page, written at the build's end.
 *
 * @example
 * const verdict = await siteFreshness("/work/main");
 * if (verdict.stale) console.log(verdict.reason);
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";

const siteSources = ["content", "src", "locales", "public", "astro.config.mjs"];
const notSiteSources = [join("src", "server"), join("src", "cli")];

type Found = { path: string; mtimeMs: number };

async function walk(path: string, pick: (file: string) => boolean, skip: (dir: string) => boolean, visit: (found: Found) => void): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return;
  }
  if (info.isFile()) {
    if (pick(path)) visit({ path, mtimeMs: info.mtimeMs });
    return;
  }
  if (!info.isDirectory() || skip(path)) return;
  for (const name of await readdir(path)) {
    if (name.startsWith(".") || name === "node_modules") continue;
    await walk(join(path, name), pick, skip, visit);
  }
}

export async function siteFreshness(root: string, distDir = join(root, "dist")): Promise<{ stale: boolean; reason: string }> {
  let oldestPage: Found | undefined;
  await walk(
    distDir,
    (file) => file.endsWith(".html"),
    () => false,
    (found) => {
      if (!oldestPage || found.mtimeMs < oldestPage.mtimeMs) oldestPage = found;
    },
  );
  if (!oldestPage) return { stale: true, reason: `${relative(root, distDir) || distDir} is missing` };

  let newestSource: Found | undefined;
  const skipped = notSiteSources.map((p) => join(root, p));
  for (const source of siteSources) {
    await walk(
      join(root, source),
      () => true,
      (dir) => skipped.some((s) => dir === s || dir.startsWith(s + sep)),
      (found) => {
        if (!newestSource || found.mtimeMs > newestSource.mtimeMs) newestSource = found;
      },
    );
  }
  if (newestSource && newestSource.mtimeMs > oldestPage.mtimeMs) {
    return { stale: true, reason: `${relative(root, newestSource.path)} changed after the last build` };
  }
  return { stale: false, reason: "dist/ is up to date" };
}
