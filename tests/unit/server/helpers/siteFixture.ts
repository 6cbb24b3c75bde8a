/**
 * A small stand-in for the built site (`dist/`), with the same layout:
 * locale folders, a lesson page, localized 404 pages, a hashed asset,
 * compressed once as the build does.
 *
 * @example
 * const root = await makeSiteFixture("/tmp/site");
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { precompressSite } from "../../../../src/server/precompress.ts";

export const fixtureAsset = "/_astro/app.3f9a1c.js";
export const fixtureAssetText = `// fixture bundle\n${"export const value = 'a lesson cell runs here';\n".repeat(40)}`;

export async function makeSiteFixture(root: string): Promise<string> {
  const files: Record<string, string> = {
    "index.html": "<!doctype html><title>Carnet</title><p>pick a language</p>",
    "404.html": "<!doctype html><title>Not found</title><p>site-wide not found page</p>",
    "en/index.html": "<!doctype html><title>Carnet (en)</title>",
    "en/lessons/welcome/index.html": `<!doctype html><html lang="en"><title>Welcome</title><p>${"A lesson paragraph. ".repeat(60)}</p></html>`,
    "en/404/index.html": "<!doctype html><html lang=\"en\"><p>english not found page</p></html>",
    "fr/404/index.html": "<!doctype html><html lang=\"fr\"><p>page introuvable</p></html>",
    "ar/404/index.html": "<!doctype html><html lang=\"ar\" dir=\"rtl\"><p>الصفحة غير موجودة</p></html>",
    [fixtureAsset.slice(1)]: fixtureAssetText,
    "favicon.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
  };
  for (const [path, text] of Object.entries(files)) {
    const full = join(root, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
  }
  await precompressSite(root);
  return root;
}
