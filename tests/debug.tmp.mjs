import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "/work/wt/browser/src/cli/chromium.ts";
const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage();
page.on("console", (m) => console.log("console", m.type(), m.text().slice(0, 300)));
page.on("pageerror", (e) => console.log("pageerror", e.message));
const long = `import { InferenceClient } from "@huggingface/inference";
const client = new InferenceClient(process.env.HF_TOKEN);
for await (const chunk of client.chatCompletionStream({ model: "x", messages: [{ role: "user", content: "Tell me a long story." }], max_tokens: 1900 })) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
}`;
const quick = `import { InferenceClient } from "@huggingface/inference";
const client = new InferenceClient(process.env.HF_TOKEN);
const answer = await client.chatCompletion({ model: "y", messages: [{ role: "user", content: "Hello" }], max_tokens: 16 });
console.log("QUICK", answer.choices[0].message.content);`;
await page.addInitScript(({ long, quick }) => { localStorage.setItem("carnet:models", JSON.stringify({ backend: "browser" })); localStorage.setItem("carnet:cell:open-source-models:openness-score", long); }, { long, quick });
await page.goto("http://127.0.0.1:4422/en/lessons/open-source-models/");
const t0 = Date.now();
await page.locator("#cell-openness-score").getByRole("button", { name: "Run", exact: true }).click();
await page.locator("#cell-openness-score .model-line[data-model-state=streaming]").waitFor({ timeout: 200000 });
console.log("streaming after", Date.now() - t0);
await page.locator("#cell-openness-score").getByRole("button", { name: "Stop", exact: true }).click();
console.log("stopped");
await page.locator("#cell-first-chat").getByRole("button", { name: "Run", exact: true }).click();
for (let i = 0; i < 30; i++) {
  await page.waitForTimeout(2000);
  const t = await page.locator("#cell-first-chat [data-output]").textContent();
  console.log(i, t?.slice(0, 150));
  if (t?.includes("Answered")) break;
}
await browser.close();
