/**
 * Site benchmarks (`npm run bench -- site`):
 * - page weight: all JS a lesson page loads before any interaction, idle
 *   loads included, gzip-compressed, measured in Chromium;
 * - Lighthouse scores of a lesson page in en and ar (Lighthouse 13.5.0,
 *   fetched with npx on first use, driving the same Chromium as the tests);
 * - build scale: a synthetic course of 100 lessons × every locale, built
 *   with the project's own config: wall time and peak memory.
 * Set BENCH_LESSONS to change the synthetic course's size.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { readFileSync } from "node:fs";
import { measureProcess } from "./lib/measureProcess.ts";
import { startStaticPreview } from "./lib/preview.ts";
import { writeSyntheticCourse } from "./lib/syntheticCourse.ts";
import { chromiumLaunchOptions } from "../src/cli/chromium.ts";

const root = resolve(import.meta.dirname, "..");
const results: Record<string, unknown> = {};

async function pageWeight(path: string): Promise<{ totalGzip: number; files: { url: string; gzip: number }[] }> {
  const preview = await startStaticPreview();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    const files: { url: string; gzip: number }[] = [];
    page.on("response", async (response) => {
      if (response.request().resourceType() !== "script") return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      files.push({ url: new URL(response.url()).pathname, gzip: gzipSync(body, { level: 9 }).length });
    });
    await page.goto(`${preview.url}${path}`, { waitUntil: "networkidle" });
    // Idle-time loads: give the page an idle period and wait for the network to settle again.
    await page.evaluate(() => new Promise((done) => requestIdleCallback(() => done(null), { timeout: 2000 })));
    await page.waitForLoadState("networkidle");
    // Inline JavaScript only: JSON data blocks (type="application/json") are not code.
    const inline = await page.$$eval("script:not([src])", (scripts) =>
      (scripts as HTMLScriptElement[]).filter((s) => !s.type || s.type === "module" || s.type === "text/javascript").map((s) => s.textContent ?? ""),
    );
    for (const code of inline) files.push({ url: "(inline)", gzip: gzipSync(code, { level: 9 }).length });
    return { totalGzip: files.reduce((sum, f) => sum + f.gzip, 0), files };
  } finally {
    await browser.close();
    await preview.stop();
  }
}

/**
 * Lighthouse's category scores (0–100) for a page, or the reason it could
 * not run. Spawned asynchronously: the site's server runs in this process.
 */
async function lighthouse(url: string): Promise<Record<string, number> | string> {
  const out = join(tmpdir(), `carnet-lighthouse-${process.pid}.json`);
  const { executablePath, args = [] } = chromiumLaunchOptions();
  const run = await measureProcess(
    "npx",
    ["--yes", "lighthouse@13.5.0", url, "--quiet", "--output=json", `--output-path=${out}`, `--chrome-flags=--headless=new ${args.join(" ")}`],
    { env: { ...process.env, CHROME_PATH: executablePath ?? "" } },
  );
  if (run.code !== 0) return `lighthouse did not run: ${run.output.split("\n").slice(-3).join(" ")}`;
  const report = JSON.parse(readFileSync(out, "utf8")) as { categories: Record<string, { score: number }> };
  rmSync(out, { force: true });
  return Object.fromEntries(Object.entries(report.categories).map(([name, c]) => [name, Math.round(c.score * 100)]));
}

async function buildScale(lessons: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "carnet-scale-"));
  try {
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    for (const name of ["src", "locales", "public", "astro.config.mjs", "tsconfig.json"]) {
      cpSync(join(root, name), join(dir, name), { recursive: true });
    }
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "carnet-scale", private: true, type: "module" }));
    const { files, words } = writeSyntheticCourse(join(dir, "content", "lessons"), lessons);
    const run = await measureProcess(process.execPath, [join(root, "node_modules/astro/bin/astro.mjs"), "build"], { cwd: dir });
    if (run.code !== 0) throw new Error(`synthetic build failed:\n${run.output.slice(-3000)}`);
    const pages = Number(/(\d+) page\(s\) built/.exec(run.output)?.[1] ?? 0);
    return { lessonFiles: files, wordsPerLesson: words, pages, seconds: Number(run.seconds.toFixed(1)), peakMiB: Math.round(run.peakMiB) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const path of ["/en/lessons/open-source-models/", "/ar/lessons/open-source-models/"]) {
  const weight = await pageWeight(path);
  results[`pageWeight ${path}`] = weight;
  console.log(`page weight ${path}: ${(weight.totalGzip / 1024).toFixed(1)} KB of JS (gzip), target ≤ 10 KB`);
  for (const f of weight.files) console.log(`  ${f.url}  ${f.gzip} B`);
}

{
  const preview = await startStaticPreview();
  try {
    for (const path of ["/en/lessons/open-source-models/", "/ar/lessons/open-source-models/"]) {
      const scores = await lighthouse(`${preview.url}${path}`);
      results[`lighthouse ${path}`] = scores;
      console.log(`lighthouse ${path}: ${typeof scores === "string" ? scores : Object.entries(scores).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    }
  } finally {
    await preview.stop();
  }
}

const lessons = Number(process.env.BENCH_LESSONS ?? 100);
const scale = await buildScale(lessons);
results.buildScale = scale;
console.log(`build scale: ${scale.pages} pages (${scale.lessonFiles} lesson files, ~${scale.wordsPerLesson} words each) in ${scale.seconds} s, peak ${scale.peakMiB} MiB (targets ≤ 36 s, ≤ 2048 MiB)`);

writeFileSync(join(root, "bench/out/site.json"), JSON.stringify(results, null, 2));
