/**
 * The model settings panel's behaviour, loaded when the reader opens it.
 * It knows backends only through `backends.ts`: it fills the form from the
 * saved settings, offers the backends that need this site's server when
 * the page's origin answers /v1/models, selects what "auto" means while
 * the reader has chosen nothing, shows the chosen backend's section (with
 * its own panel code, if it has one), tests a backend with the form's
 * values, saves, and forgets the secrets (token, key). Secret fields
 * are emptied as soon as they are saved or the panel closes; a saved secret
 * is only ever shown masked. Saving or forgetting updates the kernel's
 * `process.env` at once.
 *
 * @example
 * import("./settingsPanel.ts").then((panel) => panel.openSettings());
 */
import { pageKernel } from "../../page/pageKernel.ts";
import type { Backend, BackendType } from "../shared/backend.ts";
import type { BackendPanel, BackendPanelFactory } from "./backendPanel.ts";
import { autoBackendType, BACKEND_SETTINGS as SETTINGS, BACKENDS, backendType } from "../shared/backends.ts";
import { siteRoot } from "../../page/siteRoot.ts";
import { backendName, describeProblem } from "./describeProblem.ts";
import { loadModelPageData, modelPageData } from "./pageData.ts";
import { listModels, type ListedModel } from "../shared/probe.ts";
import { maskedToken } from "../shared/secrets.ts";
import { forgetSecrets, kernelEnv, loadSettings, saveSettings, withoutSecrets, type ModelSettings } from "./settingsStore.ts";
import { testBackend } from "./testBackend.ts";

const SHOWN_MODELS = 12;

/** Backends' own section code, by file name: `backends/<kind>.panel.ts`. */
const PANELS = import.meta.glob<{ section: BackendPanelFactory }>("./backends/*.panel.ts");

class SettingsPanel {
  private readonly dialog: HTMLDialogElement;
  private readonly form: HTMLFormElement;
  /** Read each time: the data may come after the panel was first made, should its first fetch have failed. */
  private get data() {
    return modelPageData();
  }
  private saved: ModelSettings = loadSettings();
  private site: ListedModel[] | undefined;
  private ready: Promise<void> | undefined;
  private testRun = 0;
  /** Backends' own panel code (the browser engine's downloads), by kind. */
  private readonly panels = new Map<string, BackendPanel>();

  constructor(dialog: HTMLDialogElement) {
    this.dialog = dialog;
    this.form = dialog.querySelector("form")!;
    for (const hint of this.form.querySelectorAll<HTMLElement>("[data-hint]")) {
      const text = this.data.t.optional(hint.dataset.hint ?? "", { origin: location.origin, example: this.data.providers[0] ?? "" });
      if (text !== undefined) hint.textContent = text;
    }
    this.form.addEventListener("change", (event) => {
      const target = event.target as HTMLInputElement;
      if (target.name === "backend") this.showSection();
      else if (SETTINGS.some((s) => s.name === target.name)) this.invalid(target.name, false);
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
   * models and loads the backends' own panel code first, so the default
   * backend is settled before the reader sees it and cannot switch under
   * their hands.
   */
  async open(): Promise<void> {
    this.saved = loadSettings();
    this.ready ??= Promise.all([this.probeSite(), this.loadPanels()]).then(() => undefined);
    await this.ready;
    this.fill();
    this.status([]);
    if (!this.dialog.open) this.dialog.showModal();
    this.form.querySelector<HTMLInputElement>("input[name=backend]:checked")?.focus();
  }

  private async loadPanels(): Promise<void> {
    const status = (lines: (string | undefined)[], ok?: boolean) => this.status(lines, ok);
    await Promise.all(
      BACKENDS.map(async (type) => {
        const code = await PANELS[`./backends/${type.kind}.panel.ts`]?.();
        if (code) this.panels.set(type.kind, code.section(this.form, this.data, status));
      }),
    );
  }

  private field(name: string): HTMLInputElement | HTMLSelectElement {
    return this.form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  }

  private get chosen(): BackendType {
    const value = (this.form.elements.namedItem("backend") as RadioNodeList).value;
    return backendType(value) ?? BACKENDS[0]!;
  }

  private fill(): void {
    this.clearSecrets();
    for (const setting of SETTINGS) {
      const field = this.field(setting.name);
      const value = this.saved.values[setting.name] ?? "";
      // Nothing saved for a choice: the option its panel code marked as the default.
      if (field instanceof HTMLSelectElement && value === "") field.value = [...field.options].find((o) => o.defaultSelected)?.value ?? "";
      else if (!setting.secret) field.value = value;
      this.invalid(setting.name, false);
    }
    (this.field("remember") as HTMLInputElement).checked = this.saved.remember;
    this.select(this.saved.backend === "auto" ? this.autoChoice() : this.saved.backend);
    this.showSecrets();
  }

  /** What "auto" means here: the kernel's own rule (`autoBackendType`), from the saved values. */
  private autoChoice(): string {
    return autoBackendType((s) => !!this.saved.values[s.name]?.trim(), this.site !== undefined).kind;
  }

  private select(kind: string): void {
    const radio = this.form.querySelector<HTMLInputElement>(`input[name=backend][value="${CSS.escape(kind)}"]`);
    if (radio) radio.checked = true;
    this.showSection();
  }

  private showSection(): void {
    const kind = this.chosen.kind;
    for (const section of this.form.querySelectorAll<HTMLElement>("[data-section]")) section.hidden = section.dataset.section !== kind;
    void this.panels.get(kind)?.shown();
  }

  private showSecrets(): void {
    const { t } = this.data;
    const where = t(this.saved.remember ? "settings.secrets.device" : "settings.secrets.session");
    for (const type of BACKENDS) {
      for (const setting of type.settings.filter((s) => s.secret)) {
        const state = this.form.querySelector(`[data-secret-state="${setting.name}"]`);
        const value = this.saved.values[setting.name];
        const key = `settings.${type.kind}.${setting.name}${value ? "Saved" : "None"}`;
        if (state) state.textContent = t.optional(key, value ? { [setting.name]: maskedToken(value), where } : {}) ?? key;
      }
    }
  }

  /** Offers the backends that need this site's server when the page's origin answers /v1/models. */
  private async probeSite(): Promise<void> {
    const listed = await listModels(fetch.bind(globalThis), `${siteRoot()}/v1`, { timeoutMs: 3000 });
    this.site = listed.ok ? listed.models : undefined;
    const { t } = this.data;
    for (const type of BACKENDS.filter((b) => b.needsSite)) {
      const option = this.form.querySelector<HTMLElement>(`[data-option="${type.kind}"]`);
      if (option) option.hidden = !this.site && this.saved.backend !== type.kind;
      const note = this.form.querySelector(`[data-option="${type.kind}"] [data-site-models]`);
      const key = `settings.${type.kind}.${this.site ? "models" : "notAnswering"}`;
      if (note) note.textContent = t.optional(key, this.site ? { models: this.modelNames(this.site) } : {}) ?? key;
    }
    const auto = this.autoChoice();
    for (const mark of this.form.querySelectorAll<HTMLElement>("[data-default-mark]")) mark.hidden = mark.dataset.defaultMark !== auto;
  }

  private modelNames(models: ListedModel[]): string {
    const names = models.slice(0, SHOWN_MODELS).map((m) => (m.demo ? `${m.id} (${this.data.t("settings.site.demo")})` : m.id));
    if (models.length > SHOWN_MODELS) names.push(this.data.t("settings.testMore", { count: models.length - SHOWN_MODELS }));
    return names.join(", ");
  }

  /** Marks a field as not describing a backend (or clears the mark), with its error text. */
  private invalid(name: string, show: boolean): void {
    const error = this.form.querySelector<HTMLElement>(`[data-invalid="${CSS.escape(name)}"]`);
    if (error) error.hidden = !show;
    const field = this.field(name);
    field.setAttribute("aria-invalid", String(show));
    if (show) field.focus();
  }

  /** Every setting as the form has it now: what was typed, or for a secret left empty, the saved one. */
  private formValues(): Record<string, string> {
    return Object.fromEntries(
      SETTINGS.map((s) => {
        const typed = this.field(s.name).value.trim();
        return [s.name, s.secret ? typed || (this.saved.values[s.name] ?? "") : typed];
      }),
    );
  }

  /** The backend the form describes now (saved or not), or undefined after marking the field that does not describe one. */
  private candidate(values: Record<string, string>): Backend | undefined {
    const resolved = this.chosen.resolve(values, siteRoot());
    if (!("invalid" in resolved)) return resolved;
    this.invalid(resolved.invalid, true);
    return undefined;
  }

  private async test(): Promise<void> {
    const values = this.formValues();
    const backend = this.candidate(values);
    if (!backend) return;
    const own = this.panels.get(backend.kind);
    if (own?.test) return own.test(backend);
    const { t } = this.data;
    const run = ++this.testRun;
    const name = backendName(t, backend.kind, backend);
    this.status([t("settings.testing", { backend: name })]);
    const result = await testBackend(backend, { token: values.token ?? "", fetch: fetch.bind(globalThis), pageOrigin: location.origin });
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
    const values = this.formValues();
    const backend = this.candidate(values);
    if (!backend) return;
    const settings: ModelSettings = { backend: backend.kind, values, remember: (this.field("remember") as HTMLInputElement).checked };
    saveSettings(settings);
    this.saved = settings;
    this.clearSecrets();
    pageKernel()?.setEnv(kernelEnv(settings));
    const announce = document.querySelector("[data-settings-announce]");
    if (announce) announce.textContent = this.data.t("settings.saved", { backend: backendName(this.data.t, backend.kind, backend) });
    this.dialog.close();
  }

  /** Removes the secrets (token, key) from storage, the form and the kernel (restarted, since cells may hold them). */
  private forget(): void {
    forgetSecrets();
    this.saved = withoutSecrets(this.saved);
    saveSettings(this.saved);
    this.clearSecrets();
    (this.field("remember") as HTMLInputElement).checked = false;
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
    for (const setting of SETTINGS) if (setting.secret) this.field(setting.name).value = "";
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

/** The panel's form, strings and the browser catalogue (pageData.ts), fetched once; the loader waits for them before opening. */
export function loadPanelData(): Promise<unknown> {
  return loadModelPageData();
}

/**
 * Opens the model settings panel (built on first use, its form put into the
 * page's empty dialog). Without its data (the file did not come) it stays
 * shut; the next click fetches again.
 */
export function openSettings(): void {
  const dialog = document.querySelector<HTMLDialogElement>("#model-settings");
  if (!dialog) return;
  if (!dialog.querySelector("form")) {
    const { form } = modelPageData();
    if (!form) return;
    // The site's own markup, rendered by its build.
    dialog.innerHTML = form;
  }
  panel ??= new SettingsPanel(dialog);
  void panel.open();
}
