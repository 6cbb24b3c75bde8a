/**
 * The UI string files `locales/<code>.json`, one per registered locale,
 * loaded at build time (so pages and scripts share one source).
 */
import { locales } from "./locales.ts";

type Strings = Record<string, unknown>;

const files = import.meta.glob<Strings>("../../locales/*.json", { eager: true, import: "default" });

export const uiStrings: Record<string, Strings> = Object.fromEntries(
  locales.map((l) => {
    const strings = files[`../../locales/${l.code}.json`];
    if (!strings) throw new Error(`locales/${l.code}.json is missing: every locale in src/i18n/locales.json needs its UI strings; copy locales/${locales[0]!.code}.json to locales/${l.code}.json and translate it (npm run i18n:check lists what is left)`);
    return [l.code, strings];
  }),
);
