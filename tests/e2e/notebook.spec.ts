import { test, expect, type Page } from "@playwright/test";
import { limit } from "../support/timeLimits.ts";

const lesson = "/en/lessons/welcome/";

function cell(page: Page, id: string) {
  return page.locator(`#cell-${id}`);
}

/** Replaces a cell's code the way a reader would: open the editor, select all, type. */
async function setCode(page: Page, id: string, code: string) {
  await cell(page, id).locator('[data-action="edit"]').click();
  const editor = cell(page, id).locator(".cm-content");
  await expect(editor).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(code);
  await expect(editor).toContainText(code.split("\n")[0]!);
}

/** The paths the page requests from now on that `matches` accepts, in order, as they are requested. */
function requestedPaths(page: Page, matches: (path: string) => boolean): string[] {
  const paths: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (matches(path)) paths.push(path);
  });
  return paths;
}

/** Clicks a cell's Run button, whatever the page's language. */
async function run(page: Page, id: string) {
  await cell(page, id).locator('[data-action="run"]').click();
}

test.beforeEach(async ({ page }) => {
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
});

test("loads no kernel or editor code before the first interaction", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script" || request.url().endsWith(".js")) scripts.push(request.url());
  });
  await page.goto(lesson);
  await page.waitForLoadState("networkidle");
  expect(scripts.filter((url) => /notebook|editor|kernel|huggingFace/i.test(url))).toEqual([]);
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator("[data-output]")).toContainText("Hello, Ada!");
  expect(scripts.some((url) => /kernel\.worker/.test(url))).toBe(true);
});

test("a reader who only reads and scrolls loads no notebook, worker or compiler", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (request) => scripts.push(request.url()));
  await page.goto("/en/lessons/open-source-models/");
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.evaluate(() => new Promise((done) => requestIdleCallback(() => done(null), { timeout: 2000 })));
  await page.waitForLoadState("networkidle");
  expect(scripts.filter((url) => /notebook\.|editor|kernel|compiler|huggingFace/i.test(new URL(url).pathname))).toEqual([]);
});

test("the page carries no compiled cells: their file is fetched once, on the first intent, and its cells run as the build compiled them", async ({ page }) => {
  const html = await (await page.request.get(lesson)).text();
  expect(html).not.toContain("data-compiled>");
  expect(html).not.toMatch(/"compiled":\{"ok"/);
  const cellFiles = requestedPaths(page, (path) => path.includes("/cells/"));
  await page.goto(lesson);
  await page.waitForLoadState("networkidle");
  expect(cellFiles).toEqual([]);
  const href = await page.locator("[data-compiled-cells]").getAttribute("data-compiled-cells");
  expect(href).toMatch(/^\/_astro\/cells\/welcome\.[0-9a-f]{16}\.json$/);
  await cell(page, "greeting").hover();
  await expect.poll(() => cellFiles).toEqual([href]);
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator("[data-output]")).toHaveText("Hello, Ada!");
  await expect(cell(page, "greeting")).toHaveAttribute("data-compiled-by", "build");
  await run(page, "shout");
  await expect(cell(page, "shout").locator("[data-output]")).toHaveText("HELLO, ADA!");
  expect(cellFiles).toEqual([href]);
});

test("the page carries neither the notebook's strings nor the model data: each is one file, fetched once on the first intent, and the notebook and the Models panel read it", async ({ page }) => {
  const html = await (await page.request.get(lesson)).text();
  expect(html).not.toContain('id="model-data"');
  expect(html).not.toContain('id="notebook-strings"');
  expect(html).not.toContain("settings-form");
  const dataFiles = requestedPaths(page, (path) => path.includes("/_astro/data/"));
  await page.goto(lesson);
  await page.waitForLoadState("networkidle");
  expect(dataFiles).toEqual([]);
  const strings = await page.locator("[data-notebook-bar]").getAttribute("data-strings");
  const models = await page.locator("[data-model-data]").getAttribute("data-model-data");
  expect(strings).toMatch(/^\/_astro\/data\/notebook\.en\.[0-9a-f]{16}\.json$/);
  expect(models).toMatch(/^\/_astro\/data\/models\.en\.[0-9a-f]{16}\.json$/);
  await cell(page, "greeting").hover();
  await expect.poll(() => [...dataFiles].sort()).toEqual([models, strings].sort());
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator("[data-output]")).toHaveText("Hello, Ada!");
  await expect(cell(page, "greeting").locator("[data-status]")).toHaveText(/^Done in \d+ ms$/);
  await page.locator("[data-settings-open]").click();
  await expect(page.locator("#model-settings")).toBeVisible();
  await expect(page.locator("#model-settings-title")).toHaveText("Model settings");
  // Filled by the panel from the model data, with this page's origin.
  const origin = new URL(page.url()).origin;
  await expect(page.locator("#settings-url-hint")).toContainText(`OLLAMA_ORIGINS=${origin}`);
  expect([...dataFiles].sort()).toEqual([models, strings].sort());
});

test("the data files a lesson's cells import come on the first intent, with the kernel: the first run reads them without fetching again", async ({ page }) => {
  const dataFiles = requestedPaths(page, (path) => /^\/en\/lessons\/open-source-models\/[\w-]+\.json$/.test(path));
  await page.goto("/en/lessons/open-source-models/");
  await expect(page.locator("[data-lesson]")).toHaveAttribute("data-cell-data", "./models.json ./prices.json");
  await page.waitForLoadState("networkidle");
  expect(dataFiles).toEqual([]);
  await cell(page, "openness-score").hover();
  await expect.poll(() => [...dataFiles].sort()).toEqual(["/en/lessons/open-source-models/models.json", "/en/lessons/open-source-models/prices.json"]);
  await run(page, "openness-score");
  await expect(cell(page, "openness-score")).toHaveAttribute("data-state", "ok");
  await expect(cell(page, "openness-score").locator("[data-output]")).toContainText("Llama");
  expect([...dataFiles].sort()).toEqual(["/en/lessons/open-source-models/models.json", "/en/lessons/open-source-models/prices.json"]);
});

test("a reader who has run a cell before gets the kernel started once the page is idle with a cell in view", async ({ page }) => {
  await page.goto(lesson);
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator("[data-output]")).toHaveText("Hello, Ada!");
  await page.mouse.move(0, 0);
  const loaded: string[] = [];
  page.on("request", (request) => loaded.push(new URL(request.url()).pathname));
  await page.goto("/en/lessons/open-source-models/");
  await page.locator("figure.cell").first().evaluate((figure) => figure.scrollIntoView());
  await expect.poll(() => loaded.some((path) => /kernel\.worker/.test(path))).toBe(true);
  await expect.poll(() => loaded.some((path) => /\/_astro\/cells\/open-source-models\./.test(path))).toBe(true);
  await expect(page.locator("[data-kernel-state]")).toHaveText("idle");
  expect(loaded.filter((path) => /compiler-|editor/.test(path))).toEqual([]);
});

test("the pointer over a cell starts the kernel's runtime; the lesson's code runs as the build compiled it, edited code with the compiler", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (request) => scripts.push(new URL(request.url()).pathname));
  await page.goto(lesson);
  await page.waitForLoadState("networkidle");
  await cell(page, "greeting").hover();
  await expect.poll(() => scripts.some((path) => /kernel\.worker/.test(path))).toBe(true);
  await expect(page.locator("[data-kernel-state]")).toHaveText("idle");
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator("[data-output]")).toHaveText("Hello, Ada!");
  await expect(cell(page, "greeting")).toHaveAttribute("data-compiled-by", "build");
  expect(scripts.filter((path) => /compiler|editor/.test(path))).toEqual([]);

  // The first keystroke has the kernel load its compiler, before any Run.
  await setCode(page, "greeting", 'const greeting: string = "Edited";\nconsole.log(greeting);');
  await expect.poll(() => scripts.some((path) => /compiler-/.test(path))).toBe(true);
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator("[data-output]")).toHaveText("Edited");
  await expect(cell(page, "greeting")).toHaveAttribute("data-compiled-by", "browser");

  // Back to the lesson's code: back to the build's compiled form.
  page.removeAllListeners("dialog");
  page.on("dialog", (dialog) => void dialog.accept());
  await cell(page, "greeting").getByRole("button", { name: "Reset" }).click();
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator("[data-output]")).toHaveText("Hello, Ada!");
  await expect(cell(page, "greeting")).toHaveAttribute("data-compiled-by", "build");
});

test("a cell whose needed cell fails does not run, and says which cell to fix", async ({ page }) => {
  await page.goto(lesson);
  await setCode(page, "greeting", 'const greeting = "partial";\nthrow new Error("broken on purpose");');
  await run(page, "shout");
  await expect(cell(page, "greeting").locator(".out-error")).toContainText("Error: broken on purpose");
  await expect(cell(page, "shout").locator("[data-output]")).toHaveText(
    "Not run: greeting defines `greeting`, which this cell needs, and it stopped with an error. Fix greeting, then run this cell again.",
  );
  await expect(cell(page, "shout")).toHaveAttribute("data-state", "error");
});

test("runs cells in order with shared names, counts and kernel state", async ({ page }) => {
  await page.goto(lesson);
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator("[data-output]")).toHaveText("Hello, Ada!");
  await expect(cell(page, "greeting").locator("[data-count]")).toHaveText("[1]");
  await run(page, "shout");
  await expect(cell(page, "shout").locator("[data-output]")).toHaveText("HELLO, ADA!");
  await expect(cell(page, "shout").locator("[data-count]")).toHaveText("[2]");
  await expect(page.locator("[data-kernel-state]")).toHaveText("idle");
});

test("Run all runs every cell from the top", async ({ page }) => {
  await page.goto(lesson);
  await page.getByRole("button", { name: "Run all" }).click();
  await expect(cell(page, "shout").locator("[data-output]")).toHaveText("HELLO, ADA!");
  await expect(cell(page, "greeting").locator("[data-count]")).toHaveText("[1]");
});

test("an error names the cell line and shows the code frame", async ({ page }) => {
  await page.goto(lesson);
  await setCode(page, "greeting", "const a: number = 1;\nconst b = a + 1;\nconst c = (null as any).missing;");
  await run(page, "greeting");
  const error = cell(page, "greeting").locator(".out-error");
  await expect(error).toContainText("TypeError");
  await expect(error.locator(".out-error-where")).toHaveText("In cell greeting, line 3, column 25");
  await expect(error.locator(".out-error-frame")).toContainText("> 3 | const c = (null as any).missing;");
});

test("Stop ends an endless loop while the page keeps answering", async ({ page }) => {
  await page.goto(lesson);
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator("[data-output]")).toHaveText("Hello, Ada!");
  await setCode(page, "shout", "(globalThis as any).marker = 1;\nwhile (true) {}");
  await run(page, "shout");
  await expect(cell(page, "shout").locator("[data-status]")).toContainText("Running");
  // Another control still answers while the cell runs.
  const toggle = page.locator("[data-theme-toggle]").first();
  const before = await toggle.getAttribute("aria-pressed");
  await toggle.click();
  await expect(toggle).not.toHaveAttribute("aria-pressed", before ?? "");
  await cell(page, "shout").getByRole("button", { name: "Stop", exact: true }).click();
  await expect(cell(page, "shout").locator(".out-stopped")).toContainText("names defined by earlier cells are gone");
  await expect(page.locator("[data-kernel-state]")).toHaveText("restarted: earlier state is gone");
  await expect(cell(page, "greeting")).toHaveAttribute("data-stale", "");
  // The new kernel works, and the old state is gone.
  await setCode(page, "shout", "console.log(typeof (globalThis as any).marker)");
  await run(page, "shout");
  await expect(cell(page, "shout").locator("[data-output]")).toHaveText("undefined");
});

test("Restart gives a fresh kernel and marks outputs stale", async ({ page }) => {
  await page.goto(lesson);
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator("[data-output]")).toHaveText("Hello, Ada!");
  await page.getByRole("button", { name: "Restart" }).click();
  await expect(page.locator("[data-kernel-state]")).toHaveText("restarted: earlier state is gone");
  await expect(cell(page, "greeting")).toHaveAttribute("data-stale", "");
  // The fresh kernel lacks `greeting`: its cell runs again first.
  await run(page, "shout");
  await expect(cell(page, "shout").locator("[data-output]")).toHaveText("Ran greeting first: it defines `greeting`.HELLO, ADA!");
  await expect(cell(page, "greeting").locator("[data-count]")).toHaveText("[2]");
});

test("Reset brings back the lesson's code after asking", async ({ page }) => {
  await page.goto(lesson);
  await setCode(page, "greeting", 'console.log("changed")');
  await expect(cell(page, "greeting")).toHaveAttribute("data-edited", "");
  page.removeAllListeners("dialog");
  const asked: string[] = [];
  page.on("dialog", (dialog) => {
    asked.push(dialog.message());
    void dialog.accept();
  });
  await cell(page, "greeting").getByRole("button", { name: "Reset" }).click();
  await expect(cell(page, "greeting")).not.toHaveAttribute("data-edited");
  expect(asked).toHaveLength(1);
  await expect(cell(page, "greeting").locator(".cm-content")).toContainText('const name = "Ada";');
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator("[data-output]")).toHaveText("Hello, Ada!");
});

test("edits survive a reload and a switch of language", async ({ page }) => {
  await page.goto(lesson);
  await setCode(page, "greeting", 'const greeting = "Saved edit";\nconsole.log(greeting);');
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem("carnet:cell:welcome:greeting")))
    .toBe('const greeting = "Saved edit";\nconsole.log(greeting);');
  await page.reload();
  await expect(cell(page, "greeting")).toHaveAttribute("data-edited", "");
  await expect(cell(page, "greeting").locator(".cell-source")).toContainText('const greeting = "Saved edit";');
  await page.goto("/fr/lessons/welcome/");
  await expect(cell(page, "greeting")).toHaveAttribute("data-edited", "");
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator("[data-output]")).toHaveText("Saved edit");
});

test("output is text: markup a cell prints is shown, never run", async ({ page }) => {
  await page.goto(lesson);
  await setCode(page, "greeting", 'console.log("<img src=x onerror=alert(1)>")');
  await run(page, "greeting");
  const output = cell(page, "greeting").locator("[data-output]");
  await expect(output).toHaveText("<img src=x onerror=alert(1)>");
  await expect(output.locator("img")).toHaveCount(0);
});

test("a flood of output is cut with a count and the page stays usable", async ({ page }) => {
  await page.goto(lesson);
  await setCode(page, "greeting", "for (let i = 0; i < 100000; i++) console.log(i);");
  await run(page, "greeting");
  await expect(cell(page, "greeting").locator(".out-dropped")).toHaveText("Output cut: 99,000 more lines not shown.");
  await run(page, "shout");
  await expect(cell(page, "shout").locator(".out-error")).toContainText("greeting is not defined");
});

test("values, late output and bad input each get a clear result", async ({ page }) => {
  await page.goto(lesson);
  await setCode(
    page,
    "greeting",
    'setTimeout(() => console.log("later"), 10);\nPromise.reject(new Error("nobody waits"));\nnew Map([["a", { deep: [1, 2] }]])',
  );
  await run(page, "greeting");
  const output = cell(page, "greeting").locator("[data-output]");
  await expect(output.locator(".out-value")).toContainText("Map(1) { 'a' => { deep: [ 1, 2 ] } }");
  await expect(output.locator(".out-line.out-late")).toHaveText("later");
  await expect(output).toContainText("Unhandled promise rejection: Error: nobody waits");
  await output.locator("details.value > summary").first().click();
  await expect(output.locator(".value-children").first()).toContainText("'a' =>");
  await setCode(page, "shout", 'postMessage("hi");');
  await run(page, "shout");
  await expect(cell(page, "shout").locator(".out-error")).toContainText("postMessage is not available in cells");
  await setCode(page, "shout", "process.exit(1);");
  await run(page, "shout");
  await expect(cell(page, "shout").locator(".out-error")).toContainText("process.exit(1) was called");
  await setCode(page, "shout", "namespace N { export const a = 1 }");
  await run(page, "shout");
  await expect(cell(page, "shout").locator(".out-error")).toContainText("namespace blocks are not supported");
  await setCode(page, "shout", 'import { x } from "left-pad";');
  await run(page, "shout");
  await expect(cell(page, "shout").locator(".out-error")).toContainText("Module left-pad is not available here; available: @huggingface/inference");
});

test("the kernel's own messages are in the page's language", async ({ page }) => {
  await page.goto("/fr/lessons/welcome/");
  await setCode(page, "shout", 'import { x } from "left-pad";');
  await run(page, "shout");
  await expect(cell(page, "shout").locator(".out-error")).toContainText("Le module left-pad n'est pas disponible ici ; disponibles : @huggingface/inference");
  await setCode(page, "shout", "namespace N { export const a = 1 }");
  await run(page, "shout");
  await expect(cell(page, "shout").locator(".out-error")).toContainText("les blocs TypeScript namespace ne sont pas pris en charge dans les cellules");
});

test("Run on the streaming cell alone runs the cell it needs first, then answers", async ({ page }) => {
  await page.goto("/en/lessons/open-source-models/");
  await run(page, "streaming-chat");
  const streaming = cell(page, "streaming-chat");
  await expect(streaming).toHaveAttribute("data-state", "ok", { timeout: limit(60_000) });
  await expect(streaming.locator(".out-notice")).toHaveText("Ran first-chat first: it defines `client` and `chatModel`.");
  await expect(streaming.locator("[data-output]")).toContainText(/first token after \d+ ms/);
  await expect(streaming.locator("[data-output]")).not.toContainText("ReferenceError");
  await expect(cell(page, "first-chat")).toHaveAttribute("data-state", "ok");
  await expect(cell(page, "first-chat").locator("[data-output]")).toContainText("tokens used:");
  await expect(cell(page, "first-chat").locator("[data-count]")).toHaveText("[1]");
  await expect(streaming.locator("[data-count]")).toHaveText("[2]");
  // Already run in this kernel: not run again.
  await run(page, "streaming-chat");
  await expect(streaming.locator("[data-count]")).toHaveText("[3]");
  await expect(streaming).toHaveAttribute("data-state", "ok", { timeout: limit(60_000) });
  await expect(streaming.locator(".out-notice")).toHaveCount(0);
  await expect(cell(page, "first-chat").locator("[data-count]")).toHaveText("[1]");
});

test("the note about cells run first is in the page's language", async ({ page }) => {
  await page.goto("/fr/lessons/welcome/");
  await run(page, "shout");
  await expect(cell(page, "shout").locator(".out-notice")).toHaveText("greeting a été exécutée d'abord : elle définit `greeting`.");
  await expect(cell(page, "shout").locator(".out-line")).toHaveText("BONJOUR, ADA !");
});
