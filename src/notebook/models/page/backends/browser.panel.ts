/**
 * The browser engine's own part of the model settings (a backend's
 * `<kind>.panel.ts`, loaded by the settings panel): the catalogue's models in the
 * model choice, which of them are kept in this browser and how much space they
 * take, a download that asks first when the file is larger than a few MB
 * (the size is shown), a progress bar with bytes and time left that can
 * be cancelled, and a delete button per model. Failures are explained with
 * the same problem texts as cell outputs; the page keeps working.
 *
 * @example
 * const panel = section(form, data, (lines, ok) => status(lines, ok));
 * await panel.shown();
 */
import type { Backend } from "../../shared/backend.ts";
import type { BackendPanel, BackendPanelFactory } from "../backendPanel.ts";
import { describeProblem, formatBytes } from "../describeProblem.ts";
import type { ModelPageData, PageBrowserModel } from "../pageData.ts";
import { CONSENT_BYTES, engineProblem, modelFile } from "../browser/engineHost.ts";
import { deleteModel, storedModels } from "../browser/modelStore.ts";

type Status = (lines: (string | undefined)[], ok?: boolean) => void;

/** Builds an element with attributes and children. */
function element(tag: string, attributes: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export const section: BackendPanelFactory = (form, data, status) => new BrowserSection(form, data, status);

class BrowserSection implements BackendPanel {
  private readonly form: HTMLFormElement;
  private readonly data: ModelPageData;
  private readonly status: Status;
  private pending: PageBrowserModel | undefined;
  private download: AbortController | undefined;

  constructor(form: HTMLFormElement, data: ModelPageData, status: Status) {
    this.form = form;
    this.data = data;
    this.status = status;
    this.build();
    form.addEventListener("click", (event) => {
      const button = (event.target as Element).closest("button");
      if (!button) return;
      const model = this.model(button.dataset.model);
      if (button.matches("[data-browser-get]") && model) this.ask(model);
      else if (button.matches("[data-browser-delete]") && model) void this.remove(model);
      else if (button.matches("[data-browser-agree]") && this.pending) void this.fetch(this.pending);
      else if (button.matches("[data-browser-decline]")) this.consent(undefined);
      else if (button.matches("[data-browser-abort]")) this.download?.abort();
    });
  }

  /** The catalogue in the model choice, and the list, consent and progress parts of the section. */
  private build(): void {
    const { t, browser, locale } = this.data;
    const select = this.form.elements.namedItem("browserModel") as HTMLSelectElement | null;
    const section = select?.closest("[data-section]");
    if (!select || !section) return;
    select.replaceChildren(...browser.models.map((m) => new Option(`${m.label} · ${formatBytes(m.bytes ?? m.approxBytes, locale)}`, m.id, m.id === browser.default, m.id === browser.default)));
    section.append(
      element("ul", { class: "settings-stored", "data-browser-models": "", "aria-label": t("settings.browser.stored") }),
      element("p", { class: "settings-hint", "data-browser-space": "" }),
      element(
        "div",
        { class: "settings-consent", "data-browser-consent": "", role: "group", "aria-labelledby": "settings-consent-text", hidden: "" },
        element("p", { id: "settings-consent-text", "data-consent-text": "" }),
        element("button", { type: "button", class: "settings-primary", "data-browser-agree": "" }, t("settings.browser.agree")),
        element("button", { type: "button", "data-browser-decline": "" }, t("settings.browser.decline")),
      ),
      element(
        "div",
        { class: "settings-progress", "data-browser-progress": "", hidden: "" },
        element("progress", { max: "1", value: "0", "aria-labelledby": "settings-progress-text" }),
        element("p", { id: "settings-progress-text", "data-progress-text": "", "aria-live": "polite" }),
        element("button", { type: "button", "data-browser-abort": "" }, t("settings.browser.abort")),
      ),
    );
  }

  shown(): Promise<void> {
    return this.refresh();
  }

  private model(id: string | undefined): PageBrowserModel | undefined {
    return this.data.browser.models.find((m) => m.id === id);
  }

  private size(model: PageBrowserModel): string {
    return formatBytes(model.bytes ?? model.approxBytes, this.data.locale);
  }

  /** Lists the catalogue with each model's state here, and the space used. */
  private async refresh(): Promise<void> {
    const { t } = this.data;
    const list = this.form.querySelector("[data-browser-models]");
    const space = this.form.querySelector("[data-browser-space]");
    let stored: Map<string, number> | undefined;
    try {
      stored = await storedModels();
    } catch {
      if (space) space.textContent = t("settings.browser.noStorage");
    }
    const rows = this.data.browser.models.map((model) => {
      const item = document.createElement("li");
      const name = document.createElement("span");
      const kept = stored?.get(model.id);
      name.textContent = kept !== undefined ? t("settings.browser.kept", { model: model.label, size: formatBytes(kept, this.data.locale) }) : t("settings.browser.notKept", { model: model.label, size: this.size(model) });
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.model = model.id;
      if (kept !== undefined) {
        button.dataset.browserDelete = "";
        button.textContent = t("settings.browser.delete");
      } else {
        button.dataset.browserGet = "";
        button.textContent = t("settings.browser.download");
      }
      button.setAttribute("aria-label", `${button.textContent}: ${model.label}`);
      item.append(name, " ", button);
      return item;
    });
    list?.replaceChildren(...rows);
    if (space && stored) {
      const used = [...stored.values()].reduce((a, b) => a + b, 0);
      space.textContent = t("settings.browser.space", { size: formatBytes(used, this.data.locale) });
    }
  }

  /** Asks before a download larger than a few MB; a small one starts at once. */
  private ask(model: PageBrowserModel): void {
    if ((model.bytes ?? model.approxBytes) <= CONSENT_BYTES) void this.fetch(model);
    else this.consent(model);
  }

  private consent(model: PageBrowserModel | undefined): void {
    this.pending = model;
    const box = this.form.querySelector<HTMLElement>("[data-browser-consent]");
    if (!box) return;
    box.hidden = !model;
    const text = box.querySelector("[data-consent-text]");
    if (text && model) {
      const from = model.url.startsWith("site:") ? location.host : new URL(model.url).host;
      text.textContent = this.data.t("settings.browser.consent", { model: model.label, size: this.size(model), host: from, license: model.license });
      box.querySelector<HTMLButtonElement>("[data-browser-agree]")?.focus();
    }
  }

  private async fetch(model: PageBrowserModel): Promise<void> {
    this.consent(undefined);
    const { t } = this.data;
    const box = this.form.querySelector<HTMLElement>("[data-browser-progress]");
    const bar = box?.querySelector("progress");
    const text = box?.querySelector("[data-progress-text]");
    if (box) box.hidden = false;
    this.download = new AbortController();
    this.status([t("settings.browser.downloadingModel", { model: model.label })]);
    try {
      await modelFile(
        model,
        ({ loaded, total, secondsLeft }) => {
          if (bar) {
            bar.max = total;
            bar.value = loaded;
          }
          const done = { loaded: formatBytes(loaded, this.data.locale), total: formatBytes(total, this.data.locale) };
          if (text) text.textContent = secondsLeft !== undefined ? t("modelOutput.downloadingLeft", { ...done, seconds: secondsLeft }) : t("modelOutput.downloading", done);
        },
        this.download.signal,
      );
      this.status([t("settings.browser.downloaded", { model: model.label })], true);
    } catch (error) {
      if ((error as { name?: string }).name === "AbortError") this.status([t("settings.browser.cancelled")]);
      else {
        const problem = engineProblem(error, model);
        const text = describeProblem({ code: problem.code, backend: "browser", model: model.id, ...(problem.detail ? { detail: problem.detail } : {}) }, t, [], this.data.locale);
        this.status([text.what, text.next, text.detail], false);
      }
    } finally {
      this.download = undefined;
      if (box) box.hidden = true;
      await this.refresh();
    }
  }

  private async remove(model: PageBrowserModel): Promise<void> {
    await deleteModel(model).catch(() => false);
    this.status([this.data.t("settings.browser.deleted", { model: model.label })], true);
    await this.refresh();
  }

  /** The Test button for this backend: whether the engine runs here and the chosen model is kept. */
  async test(backend: Backend): Promise<void> {
    const { t } = this.data;
    const model = this.model(backend.model) ?? this.model(this.data.browser.default);
    if (!model) return;
    const { engineUnsupported } = await import("../browser/engine.ts");
    const unsupported = engineUnsupported();
    if (unsupported) {
      const text = describeProblem({ code: unsupported === "simd" ? "browserNoSimd" : "browserUnsupported", backend: "browser" }, t, [], this.data.locale);
      return this.status([text.what, text.next], false);
    }
    const kept = (await storedModels().catch(() => new Map<string, number>())).has(model.id);
    this.status([t(kept ? "settings.browser.testKept" : "settings.browser.testNotKept", { model: model.label, size: this.size(model) })], true);
  }
}
