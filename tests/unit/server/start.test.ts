/** `npm start` on a machine with no model file: it makes the tiny model, starts, and prints the URL and models. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { makeSiteFixture } from "./helpers/siteFixture.ts";

test("start makes the missing tiny model, serves the site and the model, and stops on SIGTERM", async () => {
  const dir = await mkdtemp(join(tmpdir(), "carnet-start-"));
  try {
    const manifest = {
      default: "carnet-tiny-demo",
      models: [
        { id: "carnet-tiny-demo", label: "Tiny demo model", file: "carnet-tiny-demo.gguf", demo: true, contextSize: 2048, parallel: 1, source: { kind: "generated", command: "npm run model:tiny" } },
        { id: "not-pulled", label: "A model not downloaded yet", file: "not-pulled.gguf", source: { kind: "huggingface", repo: "o/r", file: "not-pulled.gguf", revision: "main", sha256: "0".repeat(64), size: 1 } },
      ],
    };
    await writeFile(join(dir, "models.json"), JSON.stringify(manifest));
    const site = await makeSiteFixture(join(dir, "site"));
    const start = fileURLToPath(new URL("../../../src/cli/start.ts", import.meta.url));
    const child = spawn(process.execPath, [start], {
      env: { PATH: process.env.PATH, PORT: "0", LLAMA_THREADS: "1", MODELS_MANIFEST: join(dir, "models.json"), SITE_DIR: site, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (text: string) => {
        out += text;
        const match = /Carnet is running at (http:\/\/127\.0\.0\.1:\d+)\/[\s\S]*Stop with/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once("exit", (code) => reject(new Error(`start exited (${code}): ${out}`)));
    });
    assert.match(out, /Made the tiny demo model/);
    assert.match(out, /carnet-tiny-demo \(default, tiny demo model\)/);
    assert.match(out, /not-pulled: not loaded, .*npm run model:pull -- o\/r not-pulled\.gguf/);
    assert.ok((await stat(join(dir, "carnet-tiny-demo.gguf"))).size > 100_000);
    assert.equal((await fetch(`${base}/en/lessons/welcome/`)).status, 200);
    const models = (await (await fetch(`${base}/v1/models`)).json()) as { data: { id: string }[] };
    assert.deepEqual(models.data.map((m) => m.id), ["carnet-tiny-demo"]);
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    assert.deepEqual((await exited)[0], 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
