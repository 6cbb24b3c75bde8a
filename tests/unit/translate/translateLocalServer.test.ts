import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { ContextTooSmall, localServerUrl, modelTranslator } from "../../../src/translate/modelTranslator.ts";
import { translateLesson, TranslatorUnreachable, type SectionTranslator } from "../../../src/translate/translateLesson.ts";
import { startTinyServer, TINY, type TinyServer } from "../server/helpers/tinyServer.ts";

const EN = `---
title: Cells
description: How cells work.
order: 1
---

Cells hold code.

## Run a cell {#run}

Press Run to run the cell.
`;

describe("translate through the project's local server", () => {
  let server: TinyServer;
  let root: string;
  before(async () => {
    server = await startTinyServer();
    root = mkdtempSync(join(tmpdir(), "carnet-translate-local-"));
    mkdirSync(join(root, "cells"));
    writeFileSync(join(root, "cells", "en.mdx"), EN);
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("sends each section to the model, refuses the tiny model's output, and writes nothing", async () => {
    const translator = modelTranslator({ model: TINY, backend: server.url, timeoutMs: 60_000 });
    const report = await translateLesson({ lesson: "cells", locale: "fr", translator, model: TINY, root, retries: 0 });
    assert.equal(report.written, false);
    assert.equal(existsSync(join(root, "cells", "fr.mdx")), false);
    assert.deepEqual(report.failed.map((f) => f.id), ["top", "run"]);
    assert.match(report.failed[0]!.problems.join(" "), /the title and description lines \(TITLE: …, DESCRIPTION: …\) are missing/);
    assert.match(report.failed[1]!.problems.join(" "), /sections differ from the source: expected \[run\], found \[\]/);
    assert.deepEqual(report.answeredBy, [TINY], "the report names the model that answered");
  });

  it("goes where npm start listens: HOST and PORT, loopback for a server on every address", () => {
    assert.equal(localServerUrl({}), "http://127.0.0.1:4321");
    assert.equal(localServerUrl({ PORT: "8080", HOST: "0.0.0.0" }), "http://127.0.0.1:8080");
    assert.equal(localServerUrl({ PORT: "4541", HOST: "::1" }), "http://[::1]:4541");
  });

  it("names an unreachable server once, with its address and what to do, and asks nothing more", async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((done) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => done(port));
      });
    });
    const translator = modelTranslator({ model: TINY, backend: "local", localUrl: localServerUrl({ PORT: String(port) }), timeoutMs: 10_000 });
    const attempts: string[] = [];
    await assert.rejects(
      translateLesson({ lesson: "cells", locale: "de", translator, model: TINY, root, retries: 2, onProgress: (e) => e.kind === "section" && attempts.push(e.id) }),
      (error: Error) => {
        assert.ok(error instanceof TranslatorUnreachable);
        assert.match(error.message, new RegExp(`^nothing answers at http://127\\.0\\.0\\.1:${port}/v1\\. The model API is the one npm start serves \\(HOST and PORT, default http://127\\.0\\.0\\.1:4321; npm run dev serves pages only, on 4322\\)`));
        return true;
      },
    );
    assert.deepEqual(attempts, [], "no section is retried against a server that is not there");
  });

  it("names what answered when the address serves pages, not the model API (e.g. npm run dev), once", async () => {
    const { createServer: createHttpServer } = await import("node:http");
    const pages = createHttpServer((_, response) => {
      response.writeHead(404, { "content-type": "text/html" }).end('<!doctype html><script type="module" src="/@vite/client"></script>');
    });
    await new Promise<void>((done) => pages.listen(0, "127.0.0.1", done));
    const { port } = pages.address() as { port: number };
    try {
      const translator = modelTranslator({ model: TINY, backend: "local", localUrl: localServerUrl({ PORT: String(port) }), timeoutMs: 10_000 });
      await assert.rejects(translateLesson({ lesson: "cells", locale: "de", translator, model: TINY, root, retries: 2 }), (error: Error) => {
        assert.ok(error instanceof TranslatorUnreachable);
        assert.match(error.message, new RegExp(`^http://127\\.0\\.0\\.1:${port}/v1/chat/completions did not answer as an OpenAI-compatible API: at http://127\\.0\\.0\\.1:${port} answers Astro's dev server \\(npm run dev\\)`));
        return true;
      });
    } finally {
      await new Promise((done) => pages.close(done));
    }
  });

  it("says once that the model's context is too small, with its size, the section's and the next step", async () => {
    mkdirSync(join(root, "long"));
    const words = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(" ");
    writeFileSync(join(root, "long", "en.mdx"), `---\ntitle: Long\ndescription: A long section.\norder: 2\n---\n\nShort.\n\n## Long {#long}\n\n${words}\n`);
    const translator = modelTranslator({ model: TINY, backend: server.url, timeoutMs: 60_000 });
    const asked: string[] = [];
    const counted: SectionTranslator = (request) => {
      asked.push(request.sectionId);
      return translator(request);
    };
    await assert.rejects(translateLesson({ lesson: "long", locale: "fr", translator: counted, model: TINY, root, retries: 2 }), (error: Error) => {
      assert.ok(error instanceof ContextTooSmall, String(error));
      assert.match(error.message, new RegExp(`^${TINY} has a context of 2048 tokens; section #long is \\d+ characters, \\d+ tokens with the instructions`));
      assert.match(error.message, /Use a model with a larger context: with npm start, e\.g\. npm start -- --model qwen2\.5-0\.5b-instruct-q4_k_m/);
      return true;
    });
    assert.equal(asked.filter((id) => id === "long").length, 1, "the section is not retried");
    assert.equal(existsSync(join(root, "long", "fr.mdx")), false);
  });
});
