/**
 * Ctrl+C on long commands, against local stand-ins that never finish: the
 * command stops with exit 130, says what was kept, and leaves no
 * half-written file.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { copyProject, plainEnv } from "./helpers/projectCopy.ts";

/** A server whose handler may leave requests hanging; closing it drops them. */
async function listen(
  handler: (request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer(handler);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Resolves once the child's output (stdout and stderr) matches. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const look = (text: string) => {
      seen += text;
      if (pattern.test(seen)) resolve();
    };
    child.stdout!.on("data", look);
    child.stderr!.on("data", look);
    child.once("exit", (code) => reject(new Error(`exited (${code}) before ${pattern}: ${seen}`)));
  });
}

test("translate: Ctrl+C while the model works stops with 130 and writes nothing", async () => {
  const copy = await copyProject();
  let asked!: () => void;
  const requested = new Promise<void>((resolve) => (asked = resolve));
  const model = await listen(() => asked());
  try {
    // A language the lesson has no translation in yet, so there is work to interrupt.
    await rm(join(copy.dir, "content/lessons/welcome/de.mdx"));
    const before = await copy.hashes();
    const run = await copy.run("src/cli/translate.ts", ["--lesson", "welcome", "--to", "de", "--backend", `${model.url}/v1`, "--model", "m"], {
      onStart: (child) => {
        Promise.all([requested, waitForOutput(child, /section\(s\) to translate/)]).then(() => child.kill("SIGINT"));
      },
    });
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /Stopped: nothing written to content\/lessons\/welcome\/de\.mdx\./);
    assert.doesNotMatch(run.stderr, /^\s+at /m);
    assert.deepEqual(await copy.hashes(), before, "no file was created, changed or deleted");
  } finally {
    await model.close();
    await copy.remove();
  }
});

test("model:pull: Ctrl+C mid-download stops with 130, keeps the bytes for a resume, and adds nothing", async () => {
  const dir = await mkdtemp(join(tmpdir(), "carnet-pull-stop-"));
  const bytes = Buffer.from(Array.from({ length: 400_000 }, (_, i) => i % 251));
  const sha = createHash("sha256").update(bytes).digest("hex");
  const hub = await listen((request, response) => {
    const headers = {
      "x-linked-size": String(bytes.length),
      "x-linked-etag": `"${sha}"`,
      "x-repo-commit": "0".repeat(40),
      "content-length": String(bytes.length),
    };
    if (request.method === "HEAD") return response.writeHead(200, headers).end();
    // Half the file, then nothing more: the download hangs until it is stopped.
    response.writeHead(200, headers);
    response.write(bytes.subarray(0, bytes.length / 2));
  });
  const manifest = join(dir, "models.json");
  await writeFile(manifest, '{ "models": [] }\n');
  const copy = await copyProject();
  try {
    const run = await copy.run("src/cli/modelPull.ts", ["o/r", "m.gguf"], {
      env: plainEnv({ HF_ENDPOINT: hub.url, MODELS_MANIFEST: manifest }),
      onStart: (child) => {
        waitForOutput(child, /m\.gguf +50\.0%/).then(() => child.kill("SIGINT"));
      },
    });
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /Stopped\. Bytes already downloaded are kept: run the same command again to resume\./);
    assert.deepEqual((await readdir(dir)).sort(), ["m.gguf.part", "models.json"], "no model file, no temporary file");
    assert.ok((await readFile(join(dir, "m.gguf.part"))).equals(bytes.subarray(0, bytes.length / 2)), "every byte that arrived is in the partial file");
    assert.equal(await readFile(manifest, "utf8"), '{ "models": [] }\n', "the manifest is unchanged");
  } finally {
    await hub.close();
    await copy.remove();
    await rm(dir, { recursive: true, force: true });
  }
});
