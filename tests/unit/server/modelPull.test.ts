/** `model:pull` against a local imitation of the hub: full, resumed, corrupt, offline, missing. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { buildTinyModel } from "../../../src/cli/tinyModel.ts";
import { modelIdFromFile, pullModel } from "../../../src/cli/modelPull.ts";
import { readManifest } from "../../../src/server/manifest.ts";
import { COMMIT, startFakeHub } from "./helpers/fakeHub.ts";
import type { FakeHub } from "./helpers/fakeHub.ts";

const REPO = "carnet-test/Tiny-GGUF";
const FILE = "Tiny-Q8_0.gguf";
const bytes = buildTinyModel();
const sha = createHash("sha256").update(bytes).digest("hex");
let hub: FakeHub;
let dir: string;
let manifestPath: string;

before(async () => {
  hub = await startFakeHub({ [REPO]: { [FILE]: bytes, "Other.gguf": bytes } });
});
after(() => hub.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "carnet-pull-"));
  manifestPath = join(dir, "models.json");
  await writeFile(manifestPath, JSON.stringify({ models: [] }));
  hub.requests.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const exists = (path: string) => stat(path).then(() => true, () => false);

describe("model:pull", () => {
  test("a full download is checked and added to the manifest", async () => {
    const progress: number[] = [];
    const result = await pullModel({ repo: REPO, file: FILE, hubUrl: hub.url, manifestPath, onProgress: (done) => progress.push(done) });
    assert.ok((await readFile(join(dir, FILE))).equals(bytes));
    assert.equal(result.fetched, bytes.length);
    assert.equal(progress.at(-1), bytes.length, "progress reaches the total");
    assert.equal(await exists(join(dir, `${FILE}.part`)), false);
    const manifest = await readManifest(manifestPath);
    assert.deepEqual(manifest.models[0], {
      id: "tiny-q8_0",
      label: `${REPO} (${FILE})`,
      file: FILE,
      demo: false,
      contextSize: 2048,
      parallel: 1,
      source: { kind: "huggingface", repo: REPO, file: FILE, revision: COMMIT, sha256: sha, size: bytes.length },
    });
    const redirectTarget = hub.requests.find((r) => r.path.startsWith("/storage/"));
    assert.ok(redirectTarget, "the bytes came from the redirect target");
  });

  test("a broken download keeps its partial file and the next run resumes it with a Range request", async () => {
    hub.cutNextDownloadAfter = 100_000;
    await assert.rejects(pullModel({ repo: REPO, file: FILE, hubUrl: hub.url, manifestPath }), /interrupted.*run the same command again to resume/s);
    const part = join(dir, `${FILE}.part`);
    assert.equal((await stat(part)).size, 100_000, "the partial file is kept");
    assert.equal((await readManifest(manifestPath)).models.length, 0, "nothing is added yet");

    hub.requests.length = 0;
    const result = await pullModel({ repo: REPO, file: FILE, hubUrl: hub.url, manifestPath });
    assert.equal(result.resumedFrom, 100_000);
    assert.equal(result.fetched, bytes.length - 100_000);
    const get = hub.requests.find((r) => r.method === "GET" && r.path.startsWith("/storage/"));
    assert.equal(get?.headers.range, "bytes=100000-");
    assert.ok((await readFile(join(dir, FILE))).equals(bytes), "the resumed file is whole");
    assert.equal((await readManifest(manifestPath)).models.length, 1);
  });

  test("a checksum mismatch is rejected and the corrupt partial file removed", async () => {
    hub.lyingAbout.add(FILE);
    try {
      await assert.rejects(pullModel({ repo: REPO, file: FILE, hubUrl: hub.url, manifestPath }), /sha256 mismatch/);
    } finally {
      hub.lyingAbout.delete(FILE);
    }
    assert.equal(await exists(join(dir, FILE)), false);
    assert.equal(await exists(join(dir, `${FILE}.part`)), false);
    assert.equal((await readManifest(manifestPath)).models.length, 0);
  });

  test("the token goes to the hub but not to the storage host", async () => {
    const storageHub = hub.url.replace("127.0.0.1", "localhost");
    await pullModel({ repo: REPO, file: "Other.gguf", hubUrl: storageHub, token: "hf_gated", manifestPath });
    const head = hub.requests.find((r) => r.method === "HEAD");
    const get = hub.requests.find((r) => r.method === "GET");
    assert.equal(head?.headers.authorization, "Bearer hf_gated");
    assert.equal(get?.headers.authorization, undefined);
  });

  test("a missing file gets a clear message", async () => {
    await assert.rejects(pullModel({ repo: REPO, file: "Nope.gguf", hubUrl: hub.url, manifestPath }), /was not found on the hub/);
  });

  test("offline, the command fails at once with a clear message and exit code 1", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const cli = fileURLToPath(new URL("../../../src/cli/modelPull.ts", import.meta.url));
    const child = spawn(process.execPath, [cli, REPO, FILE], {
      env: { PATH: process.env.PATH, HF_ENDPOINT: `http://127.0.0.1:${port}`, MODELS_MANIFEST: manifestPath },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    assert.equal(code, 1);
    assert.match(stderr, /Cannot reach the Hugging Face hub at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    assert.match(stderr, /npm run model:tiny/);
  });
});

test("model ids come from file names", () => {
  assert.equal(modelIdFromFile("SmolLM2-360M-Instruct-Q8_0.gguf"), "smollm2-360m-instruct-q8_0");
  assert.equal(modelIdFromFile("sub/Qwen2.5 0.5B.gguf"), "qwen2.5-0.5b");
});
