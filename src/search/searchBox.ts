/**
 * The search box's behaviour, loaded on its first focus (see
 * scripts/site.ts): loads Pagefind's index for the page's language from the
 * site's base, searches as the reader types, and lists the matching
 * sections, each linking to its anchor. Excerpts are built as text with
 * `<mark>` elements, never parsed as HTML. Its strings come with the box
 * (`data-strings`) and are read with the page scripts' one lookup.
 */
import { pageTranslator, type PageStrings, type PageTranslate } from "../i18n/pageTranslator.ts";
import type { SectionKey } from "../i18n/uiKeys.ts";

interface PagefindSubResult { title: string; url: string; excerpt: string }
interface PagefindData { url: string; excerpt: string; meta: Record<string, string>; sub_results: PagefindSubResult[] }
interface PagefindResult { data(): Promise<PagefindData> }
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  debouncedSearch(query: string, options?: Record<string, unknown>, debounceMs?: number): Promise<{ results: PagefindResult[] } | null>;
}
/** What SearchBox.astro writes into `data-strings`. */
interface SearchData extends PageStrings<"search"> {
  languages?: Record<string, { name: string; dir: string }>;
}
type Languages = NonNullable<SearchData["languages"]>;
type SearchText = PageTranslate<SectionKey<"search">>;

/** Most results shown at once, and sections shown per result. */
const MAX_RESULTS = 8;
const MAX_SECTIONS = 3;

/** Pagefind's excerpt ("text with <mark>hits</mark>", entities escaped) as DOM nodes. */
function excerptNodes(excerpt: string): Node[] {
  const decode = (s: string) => new DOMParser().parseFromString(`<!doctype html><body>${s}`, "text/html").body.textContent ?? "";
  return excerpt.split(/(<mark>.*?<\/mark>)/).filter(Boolean).map((part) => {
    const hit = /^<mark>(.*)<\/mark>$/.exec(part);
    if (!hit) return document.createTextNode(decode(part));
    const mark = document.createElement("mark");
    mark.textContent = decode(hit[1]!);
    return mark;
  });
}

function link(href: string, text: string, className: string): HTMLAnchorElement {
  const a = document.createElement("a");
  a.href = href;
  a.className = className;
  a.textContent = text;
  return a;
}

function resultItem(data: PagefindData, languages: Languages, pageLang: string): HTMLLIElement {
  const item = document.createElement("li");
  item.className = "search-result";
  const contentLang = data.meta.contentLang ?? pageLang;
  const language = languages[contentLang];
  item.lang = contentLang;
  if (language) item.dir = language.dir;
  const title = data.meta.title ?? data.url;
  item.append(link(data.url, title, "search-result-title"));
  if (contentLang !== pageLang && language) {
    const badge = document.createElement("span");
    badge.className = "search-result-language";
    badge.textContent = language.name;
    item.append(" ", badge);
  }
  // Sections with the hits; the page's own top part is shown as the page's excerpt.
  const sections = data.sub_results.filter((s) => s.url !== data.url && s.title !== title).slice(0, MAX_SECTIONS);
  if (sections.length === 0) {
    const p = document.createElement("p");
    p.className = "search-excerpt";
    p.append(...excerptNodes(data.excerpt));
    item.append(p);
  }
  if (sections.length > 0) {
    const list = document.createElement("ul");
    for (const section of sections) {
      const li = document.createElement("li");
      const p = document.createElement("p");
      p.className = "search-excerpt";
      p.append(...excerptNodes(section.excerpt));
      li.append(link(section.url, section.title, "search-section-title"), p);
      list.append(li);
    }
    item.append(list);
  }
  return item;
}

/** Wires the search box: called once, on the box's first focus. */
export async function attachSearch(box: HTMLElement): Promise<void> {
  const input = box.querySelector<HTMLInputElement>("[data-search-input]")!;
  const panel = box.querySelector<HTMLElement>("[data-search-panel]")!;
  const status = box.querySelector<HTMLElement>("[data-search-status]")!;
  const list = box.querySelector<HTMLOListElement>("[data-search-results]")!;
  const base = box.dataset.base ?? "/";
  const pageLang = document.documentElement.lang;
  let strings: SearchData = {};
  try {
    strings = JSON.parse(box.dataset.strings ?? "{}") as SearchData;
  } catch {
    strings = {};
  }
  const t: SearchText = pageTranslator(pageLang || "en", { search: strings.search });
  const languages: Languages = strings.languages ?? {};

  const show = (open: boolean) => {
    panel.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
  };
  const say = (text: string) => {
    status.textContent = text;
  };

  let pagefind: Pagefind | undefined;
  const loading = (async () => {
    const module = (await import(/* @vite-ignore */ `${base}pagefind/pagefind.js`)) as Pagefind;
    await module.options({ baseUrl: base, excerptLength: 24 });
    await module.init();
    pagefind = module;
  })();

  let latest = "";
  async function run(): Promise<void> {
    const query = input.value.trim();
    latest = query;
    if (!query) {
      list.replaceChildren();
      say("");
      show(false);
      return;
    }
    show(true);
    if (!pagefind) say(t("search.loading"));
    try {
      await loading;
    } catch {
      say(t("search.error"));
      return;
    }
    const found = await pagefind!.debouncedSearch(query, {}, 120);
    if (!found || query !== latest) return; // a newer query replaced this one
    const data = await Promise.all(found.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (query !== latest) return;
    list.replaceChildren(...data.map((d) => resultItem(d, languages, pageLang)));
    say(found.results.length === 0 ? t("search.noResults", { query }) : t("search.resultCount", { count: found.results.length }));
  }

  const links = () => [...list.querySelectorAll<HTMLAnchorElement>("a")];
  input.addEventListener("input", () => void run());
  // Coming back to the box (not moving within it) shows the last results again.
  input.addEventListener("focus", (event) => {
    if (input.value.trim() && !box.contains(event.relatedTarget as Node | null)) show(true);
  });
  box.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === "Escape" && panel.hidden) {
      input.blur();
    } else if (event.key === "Escape") {
      show(false);
      input.focus();
    } else if (event.key === "ArrowDown" && all.length > 0) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)]!.focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]!).focus();
    }
  });
  box.querySelector("form")!.addEventListener("submit", (event) => {
    event.preventDefault();
    links()[0]?.click();
  });
  // Close when the reader moves on: focus or a click outside, or a result followed.
  document.addEventListener("pointerdown", (event) => {
    if (!box.contains(event.target as Node)) show(false);
  });
  box.addEventListener("focusout", (event) => {
    if (!box.contains(event.relatedTarget as Node | null)) show(false);
  });
  list.addEventListener("click", (event) => {
    if ((event.target as Element).closest("a")) show(false);
  });
  if (input.value.trim()) await run();
}
