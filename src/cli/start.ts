/**
 * `npm start`: builds the site when dist/ is missing or older than its
 * sources (unless SITE_DIR names another folder, served as it is), makes
 * the tiny demo model when its file is missing, then starts
 * the server (settings from the environment, see src/server/README.md) and
 * prints the URL and the models.
 *
 * `--model <name>` makes that model the default: a manifest id, or a name
 * from the browser model catalogue, pulled first when missing (as
 * `npm run model:pull -- <name>` does).
 *
 * @example
 * PORT=8080 npm start
 * npm start -- --model smollm2-360m-instruct-q8_0
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readManifest } from "../server/manifest.ts";
import { readSettings, settingDefaults, settingDocs } from "../server/settings.ts";
import { withBuildLock } from "./buildLock.ts";
import { defineCommand, parseCommandLine } from "./commandLine.ts";
import { siteFreshness } from "./siteFreshness.ts";
import { ensureTinyModel } from "./ensureTinyModel.ts";
import { PullError } from "./hubDownload.ts";
import { catalogueTarget, hubFromEnv, makeDefault, pullModel } from "./modelPull.ts";
import { progressBar } from "./progressBar.ts";
import { whatAnswers } from "./whatAnswers.ts";
import { createServer } from "node:net";

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
      return spawnSync(process.execPath, [join(root, "src/cli/build.ts")], { cwd: root, stdio: "inherit" }).status === 0;
    },
    () => console.log("Waiting for another build of the site to finish…"),
  );
  if (!built) {
    console.error("The site build failed; see the output above.");
    process.exit(1);
  }
}

/** Makes `name` the default model, pulling a catalogue model first when the manifest lacks it. */
async function useModel(name: string, manifestPath: string): Promise<void> {
  const listed = (await readManifest(manifestPath)).models.some((m) => m.id === name);
  if (!listed) {
    const target = catalogueTarget(name);
    if (!target) throw new PullError(`--model ${name}: neither a model of ${manifestPath} nor a catalogue name (see npm run model:pull -- --help).`);
    const bar = progressBar(target.file);
    try {
      await pullModel({ ...target, ...hubFromEnv(), manifestPath, onProgress: bar.update });
    } finally {
      bar.done();
    }
  }
  await makeDefault(manifestPath, name);
  console.log(`Default model: ${name}`);
}

const defaults = settingDefaults();
const { values: args } = parseCommandLine(
  defineCommand({
    name: "start",
    summary:
      "Builds the site when dist/ is missing or older than its sources, makes the tiny demo model when no model file is present, " +
      "then serves the site and an OpenAI-compatible model API (/v1) on one port until Ctrl+C, which lets running answers finish first. " +
      "Settings come from environment variables.",
    options: {
      model: { type: "string", value: "<name>", description: "serve this model by default: a model of the manifest, or a catalogue name, pulled first when missing (see npm run model:pull -- --help)" },
    },
    environment: Object.fromEntries(
      Object.entries(settingDocs).map(([name, doc]) => {
        const value = defaults[name as keyof typeof defaults];
        return [name, value === undefined ? doc : `${doc} Default: ${String(value)}.`];
      }),
    ),
    examples: [
      { run: "", says: "http://127.0.0.1:4321/, with the tiny demo model or the models pulled" },
      { env: "PORT=8080 LLAMA_THREADS=2", run: "", says: "another port, two threads per model" },
      { run: "--model smollm2-360m-instruct-q8_0", says: "downloads SmolLM2 360M when it is missing, checks it and serves it as the default" },
      { env: "HF_TOKEN=hf_...", run: "", says: "models not served here go to Hugging Face with the server's token" },
    ],
    exitCodes: { 1: "a setting is invalid, the site build failed, or no model can answer" },
  }),
);

let settings;
try {
  settings = readSettings();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
/** When the port is taken: which URL, and what answers there, rather than a bare EADDRINUSE. */
async function portTaken(host: string, port: number): Promise<string | undefined> {
  if (port === 0) return undefined;
  const error = await new Promise<NodeJS.ErrnoException | undefined>((done) => {
    const probe = createServer();
    probe.once("error", (e: NodeJS.ErrnoException) => done(e));
    probe.listen(port, host, () => probe.close(() => done(undefined)));
  });
  if (error?.code !== "EADDRINUSE") return undefined;
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${shown}:${port}/`;
  return `Port ${port} on ${host} is in use: at ${url} answers ${await whatAnswers(url)}. Stop that server, or start this one on another port: PORT=${port + 10} npm start`;
}

const taken = await portTaken(settings.host, settings.port);
if (taken) {
  console.error(taken);
  process.exit(1);
}
await buildSiteIfStale(settings.siteDir);
const made = await ensureTinyModel(settings.modelsManifest);
if (made) console.log(`Made the tiny demo model: ${made}`);
if (args.model !== undefined) {
  try {
    await useModel(args.model, settings.modelsManifest);
  } catch (error) {
    console.error(error instanceof PullError ? error.message : `--model ${args.model}: ${(error as Error).message}`);
    process.exit(1);
  }
}
const { runFromCommandLine } = await import("../server/main.ts");
await runFromCommandLine();
