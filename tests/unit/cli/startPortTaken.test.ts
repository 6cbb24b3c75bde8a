import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { node, plainEnv, repoRoot } from "./helpers/projectCopy.ts";

test("npm start on a port in use names the URL and what answers there, and exits 1", async () => {
  const api = createServer((request, response) => {
    if (request.url === "/v1/models") response.writeHead(200, { "content-type": "application/json" }).end('{"object":"list","data":[]}');
    else response.writeHead(404).end();
  });
  await new Promise<void>((done) => api.listen(0, "127.0.0.1", done));
  const { port } = api.address() as { port: number };
  const site = mkdtempSync(join(tmpdir(), "carnet-port-"));
  try {
    // Run asynchronously, so that this process's server can answer the probe.
    const run = await runAsync(node, [join(repoRoot, "src/cli/start.ts")], plainEnv({ PORT: String(port), HOST: "127.0.0.1", SITE_DIR: site }));
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is in use: at http://127\\.0\\.0\\.1:${port}/ answers an OpenAI-compatible API\\. .*PORT=${port + 10} npm start`));
  } finally {
    await new Promise((done) => api.close(done));
    rmSync(site, { recursive: true, force: true });
  }
});

function runAsync(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
    child.once("close", (status) => done({ status, stderr }));
  });
}
