/**
 * The model settings panel's behaviour, loaded when the reader opens it.
 * It fills the form from the saved settings, offers this site's server when
 * the page's origin answers /v1/models (and selects it while the reader has
 * chosen nothing; with no site server and no token, the engine in this
 * browser is selected instead), shows the chosen backend's section, tests a backend with
 * the form's values, saves, and forgets the token and key. Secret fields
 * are emptied as soon as they are saved or the panel closes; a saved secret
 * is only ever shown masked. Saving or forgetting updates the kernel's
 * `process.env` at once.
 *
 * @example
 * import("./settingsPanel.ts").then((panel) => panel.openSettings());
 */
import type { KernelClient } from "../page/kernelClient.ts";
import { browserBackend, normalizeBaseUrl, siteBackend, type Backend, type BackendKind } from "./backend.ts";
import { BrowserSection } from "./browser/browserSection.ts";
import { backendName, describeProblem } from "./describeProblem.ts";
import { modelPageData } from "./pageData.ts";
import { listModels, type ListedModel } from "./probe.ts";
import { maskedToken } from "./secrets.ts";
import { forgetSecrets, kernelEnv, loadSettings, saveSettings, type ModelSettings } from "./settingsStore.ts";
import { testBackend } from "./testBackend.ts";

const SHOWN_MODELS = 12;

const pageKernel = () => (window as { carnetKernel?: KernelClient }).carnetKernel;

class SettingsPanel {
  private readonly dialog: HTMLDialogElement;
  private readonly form: HTMLFormElement;
  private readonly data = modelPageData();
  private saved: ModelSettings = loadSettings();
  private site: ListedModel[] | undefined;
  private siteProbe: Promise<void> | undefined;
  private testRun = 0;
  private readonly browser: BrowserSection;

  constructor(dialog: HTMLDialogElement) {
    this.dialog = dialog;
    this.form = dialog.querySelector("form")!;
    this.browser = new BrowserSection(this.form, this.data, (lines, ok) => this.status(lines, ok));
    const hint = this.form.querySelector<HTMLElement>("[data-url-hint]");
    if (hint) hint.textContent = this.data.t("settings.custom.urlHint", { origin: location.origin });
    this.form.addEventListener("change", (event) => {
      const target = event.target as HTMLInputElement;
      if (target.name === "backend") this.showSection();
      if (target.name === "url") this.urlError(false);
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    this.form.addEventListener("click", (event) => {
      const button = (event.target as Element).closest("button");
      if (!button) return;
      if (button.matches("[data-settings-close]")) this.dialog.close();
      else if (button.matches("[data-settings-test]")) void this.test();
      else if (button.matches("[data-settings-forget]")) this.forget();
    });
    this.dialog.addEventListener("close", () => this.clearSecrets());
  }

  /**
   * Shows the panel. The first time, it asks the page's origin for its
   * models first, so the default backend is settled before the reader sees
   * it and cannot switch under their hands.
   */
  async open(): Promise<void> {
    this.saved = loadSettings();
    this.siteProbe ??= this.probeSite();
    await this.siteProbe;
    this.fill();
    this.status([]);
    if (!this.dialog.open) this.dialog.showModal();
    this.form.querySelector<HTMLInputElement>("input[name=backend]:checked")?.focus();
  }

  private field(name: string): HTMLInputElement {
    return this.form.elements.namedItem(name) as HTMLInputElement;
  }

  private get chosen(): BackendKind {
    const value = (this.form.elements.namedItem("backend") as RadioNodeList).value;
    return value === "site" || value === "custom" || value === "browser" ? value : "huggingface";
  }

  private fill(): void {
    const s = this.saved;
    this.clearSecrets();
    this.field("provider").value = s.provider;
    this.field("url").value = s.url;
    this.field("browserModel").value = s.browserModel || this.data.browser.default;
    this.field("remember").checked = s.remember;
    this.urlError(false);
    this.select(s.backend === "auto" ? this.autoChoice() : s.backend);
    this.showSecrets();
  }

  /** What "auto" means here: this site's server, else Hugging Face with a token, else the engine in this browser. */
  private autoChoice(): BackendKind {
    return this.site ? "site" : this.saved.token ? "huggingface" : "browser";
  }

  private select(kind: BackendKind): void {
    const radio = this.form.querySelector<HTMLInputElement>(`input[name=backend][value=${kind}]`);
    if (radio) radio.checked = true;
    this.showSection();
  }

  private showSection(): void {
    for (const section of this.form.querySelectorAll<HTMLElement>("[data-section]")) section.hidden = section.dataset.section !== this.chosen;
    if (this.chosen === "browser") void this.browser.refresh();
  }

  private showSecrets(): void {
    const { t } = this.data;
    const where = t(this.saved.remember ? "settings.secrets.device" : "settings.secrets.session");
    const token = this.form.querySelector("[data-token-state]");
    const key = this.form.querySelector("[data-key-state]");
    if (token) token.textContent = this.saved.token ? t("settings.secrets.tokenSaved", { token: maskedToken(this.saved.token), where }) : t("settings.secrets.none");
    if (key) key.textContent = this.saved.key ? t("settings.secrets.keySaved", { key: maskedToken(this.saved.key), where }) : t("settings.secrets.noKey");
  }

  /** Offers this site's server when the page's origin answers /v1/models. */
  private async probeSite(): Promise<void> {
    const listed = await listModels(fetch.bind(globalThis), `${location.origin}/v1`, { timeoutMs: 3000 });
    this.site = listed.ok ? listed.models : undefined;
    const { t } = this.data;
    const option = this.form.querySelector<HTMLElement>("[data-option=site]");
    if (option) option.hidden = !this.site && this.saved.backend !== "site";
    const note = this.form.querySelector("[data-site-models]");
    if (note) note.textContent = this.site ? t("settings.site.models", { models: this.modelNames(this.site) }) : t("settings.site.notAnswering");
    const defaultMark = this.form.querySelector<HTMLElement>("[data-site-default]");
    if (defaultMark) defaultMark.hidden = !this.site;
    const browserMark = this.form.querySelector<HTMLElement>("[data-browser-default]");
    if (browserMark) browserMark.hidden = this.autoChoice() !== "browser";
  }

  private modelNames(models: ListedModel[]): string {
    const names = models.slice(0, SHOWN_MODELS).map((m) => (m.demo ? `${m.id} (${this.data.t("settings.site.demo")})` : m.id));
    if (models.length > SHOWN_MODELS) names.push(this.data.t("settings.testMore", { count: models.length - SHOWN_MODELS }));
    return names.join(", ");
  }

  private urlError(show: boolean): void {
    const error = this.form.querySelector<HTMLElement>("[data-url-error]");
    if (error) error.hidden = !show;
    this.field("url").setAttribute("aria-invalid", String(show));
    if (show) this.field("url").focus();
  }

  /** The backend the form describes now (saved or not), or undefined when its URL is not valid. */
  private candidate(): { backend: Backend; token: string } | undefined {
    const token = this.field("token").value.trim() || this.saved.token;
    const kind = this.chosen;
    if (kind === "site") return { backend: siteBackend(location.origin), token };
    if (kind === "browser") return { backend: browserBackend(location.origin, this.field("browserModel").value), token };
    if (kind === "huggingface") {
      const provider = this.field("provider").value.trim();
      return { backend: provider ? { kind, provider } : { kind }, token };
    }
    const base = normalizeBaseUrl(this.field("url").value);
    if (!base) {
      this.urlError(true);
      return undefined;
    }
    const key = this.field("key").value.trim() || this.saved.key;
    return { backend: { kind: "custom", base, origin: new URL(base).origin, ...(key ? { key } : {}) }, token };
  }

  private async test(): Promise<void> {
    const candidate = this.candidate();
    if (!candidate) return;
    if (candidate.backend.kind === "browser") return this.browser.test(candidate.backend.model);
    const { t } = this.data;
    const run = ++this.testRun;
    const name = backendName(t, candidate.backend.kind, candidate.backend);
    this.status([t("settings.testing", { backend: name })]);
    const result = await testBackend(candidate.backend, { token: candidate.token, fetch: fetch.bind(globalThis), pageOrigin: location.origin });
    if (run !== this.testRun || !this.dialog.open) return;
    if (result.ok) {
      const count = result.models.length;
      const head = result.account ? t("settings.testOkAccount", { backend: name, account: result.account, count }) : t("settings.testOk", { backend: name, count });
      this.status([head, count > 0 ? t("settings.testModels", { models: this.modelNames(result.models) }) : undefined], true);
    } else {
      const text = describeProblem(result.problem, t, this.data.models, this.data.locale);
      this.status([text.what, text.next, text.detail], false);
    }
  }

  private save(): void {
    const kind = this.chosen;
    let url = this.saved.url;
    if (this.field("url").value.trim() !== "" || kind === "custom") {
      const base = normalizeBaseUrl(this.field("url").value);
      if (base) url = base;
      else if (kind === "custom") return this.urlError(true);
    }
    const settings: ModelSettings = {
      backend: kind,
      provider: this.field("provider").value.trim(),
      url,
      browserModel: this.field("browserModel").value,
      token: this.field("token").value.trim() || this.saved.token,
      key: this.field("key").value.trim() || this.saved.key,
      remember: this.field("remember").checked,
    };
    saveSettings(settings);
    this.saved = settings;
    this.clearSecrets();
    pageKernel()?.setEnv(kernelEnv(settings));
    const announce = document.querySelector("[data-settings-announce]");
    const backend = kind === "custom" ? { origin: new URL(url).origin } : kind === "huggingface" && settings.provider ? { provider: settings.provider } : {};
    if (announce) announce.textContent = this.data.t("settings.saved", { backend: backendName(this.data.t, kind, backend) });
    this.dialog.close();
  }

  /** Removes the token and key from storage, the form and the kernel (restarted, since cells may hold them). */
  private forget(): void {
    forgetSecrets();
    this.saved = { ...this.saved, token: "", key: "", remember: false };
    saveSettings(this.saved);
    this.clearSecrets();
    this.field("remember").checked = false;
    this.showSecrets();
    const kernel = pageKernel();
    if (kernel) {
      kernel.setEnv(kernelEnv(this.saved));
      const restart = document.querySelector<HTMLButtonElement>("[data-notebook-bar] [data-action=restart]");
      if (restart) restart.click();
      else kernel.stop();
    }
    this.status([this.data.t(kernel ? "settings.secrets.forgottenRestart" : "settings.secrets.forgotten")], true);
  }

  private clearSecrets(): void {
    this.field("token").value = "";
    this.field("key").value = "";
  }

  private status(lines: (string | undefined)[], ok?: boolean): void {
    const box = this.form.querySelector<HTMLElement>("[data-settings-status]");
    if (!box) return;
    if (ok === undefined) delete box.dataset.ok;
    else box.dataset.ok = String(ok);
    box.replaceChildren(
      ...lines.filter((line): line is string => !!line).map((line) => {
        const p = document.createElement("p");
        p.textContent = line;
        return p;
      }),
    );
    if (lines.length > 0) box.scrollIntoView({ block: "nearest" });
  }
}

let panel: SettingsPanel | undefined;

/** Opens the model settings panel (built on first use). */
export function openSettings(): void {
  const dialog = document.querySelector<HTMLDialogElement>("#model-settings");
  if (!dialog) return;
  panel ??= new SettingsPanel(dialog);
  void panel.open();
}
