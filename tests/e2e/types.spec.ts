import { test, expect, type Page } from "@playwright/test";
import { limit } from "../support/timeLimits.ts";

const lesson = (locale: string) => `/${locale}/lessons/open-source-models/`;

function cell(page: Page, id: string) {
  return page.locator(`#cell-${id}`);
}

/** Opens a cell's editor and puts the cursor at the end of its code. */
async function editAtEnd(page: Page, id: string) {
  await cell(page, id).locator('[data-action="edit"]').click();
  const editor = cell(page, id).locator(".cm-content");
  await expect(editor).toBeFocused({ timeout: limit(30_000) });
  await page.keyboard.press("ControlOrMeta+End");
  return editor;
}

/** Files of the language service (its worker, TypeScript's messages). */
function serviceRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (request) => {
    if (/languageService|diagnosticMessages/.test(request.url())) urls.push(request.url());
  });
  return urls;
}

// The language service's first check loads TypeScript and its libraries in the browser: on a busy machine that takes a while.
test.setTimeout(limit(360_000));
const checked = { timeout: limit(150_000) };

test("a misspelled method is flagged on its line, with the count in the toolbar, and clears when fixed", async ({ page }) => {
  await page.goto(lesson("en"));
  const editor = await editAtEnd(page, "first-chat");
  await page.keyboard.insertText("\nclient.chatCompletoin(");
  const list = cell(page, "first-chat").getByRole("region", { name: "Type errors in cell first-chat" });
  const lines = await editor.locator(".cm-line").count();
  await expect(list.getByRole("button", { name: /chatCompletoin/ })).toHaveText(
    new RegExp(`^Line ${lines}, column 8: Property 'chatCompletoin' does not exist on type 'InferenceClient'`),
    checked,
  );
  // Underlined in the editor on that line, with the message on hover.
  const underline = editor.locator(".cm-line").last().locator(".cm-lintRange-error").first();
  await expect(underline).toHaveText("chatCompletoin");
  await underline.hover();
  await expect(page.locator(".cm-tooltip-lint")).toContainText("Did you mean 'chatCompletion'?");
  await expect(cell(page, "first-chat").locator(".cell-type-count")).toHaveText(/^Type errors: [12]$/);

  await page.keyboard.press("ControlOrMeta+End");
  for (let i = 0; i < "chatCompletoin(".length; i++) await page.keyboard.press("Backspace");
  await page.keyboard.insertText("chatCompletion;");
  await expect(list).toBeHidden(checked);
  await expect(editor.locator(".cm-lintRange")).toHaveCount(0);
  await expect(cell(page, "first-chat").locator(".cell-type-count")).toBeHidden();
});

test("a later cell knows an earlier cell's names: hover from the keyboard and member completion", async ({ page }) => {
  await page.goto(lesson("en"));
  const editor = await editAtEnd(page, "streaming-chat");
  // An edit starts the service; its first diagnostics say it is ready.
  await page.keyboard.insertText("\nundeclaredName;");
  const list = cell(page, "streaming-chat").getByRole("region", { name: "Type errors in cell streaming-chat" });
  await expect(list).toContainText("Cannot find name 'undeclaredName'", checked);
  await page.keyboard.press("ControlOrMeta+z");
  await expect(list).toBeHidden(checked);

  // `chatModel` comes from the cell before: Ctrl+K Ctrl+I shows its type at the cursor.
  await editor.locator(".cm-line span", { hasText: /^chatModel$/ }).first().click();
  await page.keyboard.press("ControlOrMeta+k");
  await page.keyboard.press("ControlOrMeta+i");
  await expect(page.locator(".cm-tooltip-hover .cm-types-hover-type")).toHaveText("let chatModel: string");
  await page.keyboard.press("Escape");

  // So does `client`: its members are listed with their types.
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.insertText("\nclient");
  await page.keyboard.type(".");
  const completions = page.locator(".cm-tooltip-autocomplete");
  // Typing "." opens the list; when the service's answer came after it closed, Ctrl+Space asks again, as a reader would.
  await expect(async () => {
    if (!(await completions.getByRole("option", { name: /^chatCompletionStream/ }).isVisible())) await page.keyboard.press("Control+Space");
    await expect(completions.getByRole("option", { name: /^chatCompletionStream/ })).toBeVisible({ timeout: limit(5_000) });
  }).toPass(checked);
  await expect(completions.getByRole("option", { name: /^chatCompletionStream/ })).toContainText("AsyncGenerator<ChatCompletionStreamOutput");
  // Chosen from the keyboard.
  await page.keyboard.insertText("chatCompletionS");
  await page.keyboard.press("Enter");
  await expect(editor.locator(".cm-line").last()).toHaveText("client.chatCompletionStream");
});

test("reading, focusing the editor and running load none of the language service", async ({ page }) => {
  const requests = serviceRequests(page);
  await page.goto(lesson("en"));
  await page.waitForLoadState("networkidle");
  await cell(page, "openness-score").locator('[data-action="edit"]').click();
  await expect(cell(page, "openness-score").locator(".cm-content")).toBeFocused({ timeout: limit(30_000) });
  await cell(page, "openness-score").locator('[data-action="run"]').click();
  await expect(cell(page, "openness-score").locator("[data-status]")).toContainText(/Done/);
  await page.waitForLoadState("networkidle");
  expect(requests).toEqual([]);
  // The first keystroke starts it.
  await page.keyboard.insertText(" ");
  await expect.poll(() => requests.some((url) => /languageService/.test(url))).toBe(true);
});

test("a cell that ran with type errors runs anyway and says so in its output", async ({ page }) => {
  await page.goto(lesson("en"));
  await editAtEnd(page, "openness-score");
  await page.keyboard.insertText('\nconst typed: number = "seven";');
  const count = cell(page, "openness-score").locator(".cell-type-count");
  await expect(count).toHaveText("Type errors: 1", checked);
  await cell(page, "openness-score").locator('[data-action="run"]').click();
  const output = cell(page, "openness-score").locator("[data-output]");
  await expect(output.locator(".out-type-errors")).toHaveText(/^This code ran with type errors \(1\)/);
  await expect(cell(page, "openness-score").locator("[data-status]")).toContainText(/Done/);
});

test("on a French page TypeScript's messages are in French", async ({ page }) => {
  const requests = serviceRequests(page);
  await page.goto(lesson("fr"));
  await editAtEnd(page, "first-chat");
  await page.keyboard.insertText("\nclient.chatCompletoin;");
  await expect(cell(page, "first-chat").locator(".cell-type-errors")).toContainText(
    "La propriété 'chatCompletoin' n'existe pas sur le type 'InferenceClient'",
    checked,
  );
  await expect(page.locator(".cell-type-language")).toHaveCount(0);
  expect(requests.filter((url) => /diagnosticMessages/.test(url))).toHaveLength(1);
});

test("where TypeScript has no translation, messages are in English and the page says so once", async ({ page }) => {
  await page.goto(lesson("ar"));
  await editAtEnd(page, "first-chat");
  await page.keyboard.insertText("\nclient.chatCompletoin;");
  await expect(cell(page, "first-chat").locator(".cell-type-errors")).toContainText("Property 'chatCompletoin' does not exist", checked);
  await editAtEnd(page, "streaming-chat");
  await page.keyboard.insertText("\nundeclaredName;");
  await expect(cell(page, "streaming-chat").locator(".cell-type-errors")).toContainText("Cannot find name 'undeclaredName'", checked);
  await expect(page.locator(".cell-type-language")).toHaveCount(1);
});
