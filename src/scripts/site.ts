/**
 * The little JS every page loads: theme toggle, remembering the reader's
 * language (and keeping the section when they switch), copy buttons on
 * cells, the "On this page" disclosure, and the search box's loader (its
 * code loads on first focus). Everything here enhances links and buttons
 * that already work or are hidden without JS.
 */

const THEME_KEY = "carnet:theme";
const LOCALE_KEY = "carnet:locale";

function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage may be off (private mode); the choice then lasts for the page only.
  }
}

function setupThemeToggle(): void {
  const root = document.documentElement;
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-theme-toggle]")) {
    button.setAttribute("aria-pressed", String(root.dataset.theme === "dark"));
    button.addEventListener("click", () => {
      const theme = root.dataset.theme === "dark" ? "light" : "dark";
      root.dataset.theme = theme;
      remember(THEME_KEY, theme);
      button.setAttribute("aria-pressed", String(theme === "dark"));
    });
  }
}

function setupLanguageLinks(): void {
  document.addEventListener("click", (event) => {
    const link = (event.target as Element | null)?.closest<HTMLAnchorElement>("a[data-locale-link]");
    if (!link) return;
    remember(LOCALE_KEY, link.dataset.localeLink!);
    // Same lesson, same section: carry the anchor the reader is at.
    if (link.closest("[data-language-picker]") && location.hash && !link.hash) link.hash = location.hash;
  });
  // Close the picker on Escape, returning focus to it.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = document.querySelector<HTMLDetailsElement>("[data-language-picker][open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary")?.focus();
  });
}

function setupCopyButtons(): void {
  document.addEventListener("click", async (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>("[data-copy]");
    if (!button) return;
    const cell = button.closest("[data-cell]");
    // A runnable cell answers with the code the reader sees (their edit, if any).
    const request = new CustomEvent<{ code?: string }>("cell:code", { detail: {} });
    cell?.dispatchEvent(request);
    const code = request.detail.code ?? cell?.querySelector("pre")?.textContent ?? "";
    const label = button.textContent;
    try {
      await navigator.clipboard.writeText(code);
      button.textContent = button.dataset.copied ?? label;
    } catch {
      button.textContent = button.dataset.copyFailed ?? label;
    }
    setTimeout(() => (button.textContent = label), 1500);
  });
}

/** True when a key press belongs to a field or editor the reader is typing in. */
function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
}

function setupSearch(): void {
  const box = document.querySelector<HTMLElement>("[data-search]");
  const input = box?.querySelector<HTMLInputElement>("[data-search-input]");
  if (!box || !input) return;
  input.addEventListener("focus", () => void import("../search/searchBox.ts").then((m) => m.attachSearch(box)), { once: true });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    event.preventDefault();
    input.focus();
  });
}

/** The narrow-screen table of contents closes once the reader picks a section. */
function setupTocDisclosure(): void {
  document.addEventListener("click", (event) => {
    const link = (event.target as Element | null)?.closest("[data-toc-disclosure] a");
    const disclosure = link?.closest<HTMLDetailsElement>("[data-toc-disclosure]");
    if (disclosure) disclosure.open = false;
  });
}

setupThemeToggle();
setupLanguageLinks();
setupCopyButtons();
setupSearch();
setupTocDisclosure();
