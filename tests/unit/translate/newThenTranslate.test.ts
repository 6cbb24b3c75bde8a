import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyProject, plainEnv, type ProjectCopy } from "../cli/helpers/projectCopy.ts";

/**
 * A translator starts French by hand with `i18n:new`, sees every section
 * "not translated yet", then has `translate` do it through an
 * OpenAI-compatible server on 127.0.0.1 (a small node:http imitation that
 * marks each line as translated): every section is translated, the file
 * passes `i18n:check`, and links lead to the French pages.
 */

/** The imitation's "French": every prose line and heading marked, code and components as they are. */
function imitate(text: string): string {
  let inCode = false;
  return text
    .split("\n")
    .map((line) => {
      if (line.startsWith("```")) inCode = !inCode;
      if (inCode || line.startsWith("```") || line.trim() === "" || line.startsWith("<")) return line;
      const label = /^(TITLE: |DESCRIPTION: |#+ )(.*)$/.exec(line);
      return label ? `${label[1]}(fr) ${label[2]}` : `(fr) ${line}`;
    })
    .join("\n");
}

let server: Server;
let url: string;
const requests: string[] = [];
let copy: ProjectCopy;

describe("i18n:new, then translate through a local OpenAI-compatible server", () => {
  before(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      request.on("end", () => {
        if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
          response.writeHead(404).end();
          return;
        }
        const { model, messages } = JSON.parse(body) as { model: string; messages: { role: string; content: string }[] };
        const section = messages.at(-1)!.content;
        requests.push(section);
        const answer = { id: "x", object: "chat.completion", created: 0, model, choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: imitate(section) } }] };
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
    copy = await copyProject();
    rmSync(join(copy.dir, "content/lessons/welcome/fr.mdx"));
    const en = join(copy.dir, "content/lessons/welcome/en.mdx");
    // The author links to a section of another lesson, in English.
    const text = readFileSync(en, "utf8").replace("## Translations {#translations}", "## Translations {#translations}\n\nSee [the next lesson](/en/lessons/open-source-models/#try-a-model).");
    writeFileSync(en, text);
  });
  after(async () => {
    await new Promise((done) => server.close(done));
    await copy.remove();
  });

  it("translates every section of the fresh copy, and i18n:check accepts the file", async () => {
    const started = await copy.run("src/cli/i18nNew.ts", ["--lesson", "welcome", "--to", "fr"]);
    assert.equal(started.code, 0, started.stderr);
    const fresh = readFileSync(join(copy.dir, "content/lessons/welcome/fr.mdx"), "utf8");
    assert.match(fresh, /\]\(\/fr\/lessons\/open-source-models\/#try-a-model\)/, "i18n:new moves lesson links to French");

    const status = await copy.run("src/cli/i18nStatus.ts", ["--lesson", "welcome", "--json"]);
    const fr = JSON.parse(status.stdout)[0].locales.fr;
    assert.deepEqual(fr.untranslatedSections, ["top", "reading", "cells", "translations"]);
    const strict = await copy.run("src/cli/i18nStatus.ts", ["--lesson", "welcome", "--strict"]);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /4 not translated yet: #top #reading #cells #translations/);

    const translated = await copy.run("src/cli/translate.ts", ["--lesson", "welcome", "--to", "fr", "--backend", url, "--model", "imitation"], { env: plainEnv() });
    assert.equal(translated.code, 0, translated.stdout + translated.stderr);
    assert.equal(requests.length, 4, "one request per section");
    const written = readFileSync(join(copy.dir, "content/lessons/welcome/fr.mdx"), "utf8");
    assert.match(written, /^## \(fr\) Reading a lesson \{#reading\}$/m);
    assert.match(written, /\]\(\/fr\/lessons\/open-source-models\/#try-a-model\)/);

    const check = await copy.run("src/cli/i18nCheck.ts", []);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const after = await copy.run("src/cli/i18nStatus.ts", ["--lesson", "welcome", "--json"]);
    assert.deepEqual(JSON.parse(after.stdout)[0].locales.fr.untranslatedSections, []);
  });
});
