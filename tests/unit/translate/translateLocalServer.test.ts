import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { modelTranslator } from "../../../src/translate/modelTranslator.ts";
import { translateLesson } from "../../../src/translate/translateLesson.ts";
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
  });
});
