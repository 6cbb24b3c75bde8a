/**
 * `npm start`: builds the site when dist/ is missing or older than its
 * sources (unless SITE_DIR names another folder, served as it is), makes
 * the tiny demo model when its file is missing, then starts
 * the server (settings from the environment, see src/server/README.md) and
 * prints the URL and the models.
 *
 * @example
 * PORT=8080 npm start
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runFromCommandLine } from "../server/main.ts";
import { readSettings } from "../server/settings.ts";
import { withBuildLock } from "./buildLock.ts";
import { siteFreshness } from "./siteFreshness.ts";
import { ensureTinyModel } from "./ensureTinyModel.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

async function buildSiteIfStale(siteDir: string): Promise<void> {
  // A SITE_DIR of one's own is served as it is; only the project's dist/ is built here.
  if (resolve(siteDir) !== resolve(root, "dist")) return;
  if (!(await siteFreshness(root, siteDir)).stale) return;
  // Checked again under the lock: another start may have just built it.
  const built = await withBuildLock(
    join(root, ".astro", "carnet-build.lock"),
    async () => {
      const verdict = await siteFreshness(root, siteDir);
      if (!verdict.stale) return true;
      console.log(`Building the site (${verdict.reason})…`);
      const astro = join(dirname(createRequire(import.meta.url).resolve("astro/package.json")), "bin", "astro.mjs");
      return spawnSync(process.execPath, [astro, "build"], { cwd: root, stdio: "inherit" }).status === 0;
    },
    () => console.log("Waiting for another build of the site to finish…"),
  );
  if (!built) {
    console.error("The site build failed; see the output above.");
    process.exit(1);
  }
}

if (process.argv.includes("--help")) {
  await runFromCommandLine();
} else {
  let settings;
  try {
    settings = readSettings();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  await buildSiteIfStale(settings.siteDir);
  const made = await ensureTinyModel(settings.modelsManifest);
  if (made) console.log(`Made the tiny demo model: ${made}`);
  await runFromCommandLine();
}
