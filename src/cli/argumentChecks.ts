/**
 * Checks for the values commands take, written as `OptionSpec.check`
 * functions: each returns why a value is refused (naming what is accepted),
 * or undefined. They read only local files, so they run before anything
 * slow or networked.
 *
 * @example
 * defineCommand({ ..., options: { lesson: { type: "string", check: knownLesson() } } });
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { localeCodes, sourceLocale } from "../i18n/locales.ts";
import type { OptionSpec } from "./commandLine.ts";

/** The lessons: folders of `root` that hold a source-language file. */
function lessonIds(root = "content/lessons"): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names.filter((name) => existsSync(join(root, name, `${sourceLocale}.mdx`))).sort();
}

export function knownLesson(root = "content/lessons"): (value: string) => string | undefined {
  return (value) => {
    const ids = lessonIds(root);
    if (ids.includes(value)) return undefined;
    return ids.length > 0 ? `no such lesson; lessons: ${ids.join(", ")}` : `no such lesson, and ${root} has none`;
  };
}

/** The `--lesson <id>` option the lesson commands share. */
export const lessonOption = { type: "string", value: "<id>", required: true, description: "the lesson: a folder of content/lessons", check: knownLesson() } as const satisfies OptionSpec;

/** A locale of the registry; `translation` refuses the source language. */
export function knownLocale(kind: "any" | "translation" = "any"): (value: string) => string | undefined {
  const accepted = kind === "translation" ? localeCodes.filter((c) => c !== sourceLocale) : localeCodes;
  return (value) => {
    if (accepted.includes(value)) return undefined;
    if (value === sourceLocale) return `${sourceLocale} is the source language; name a translation: ${accepted.join(", ")}`;
    const near = accepted.find((c) => c.toLowerCase() === value.toLowerCase());
    return near ? `locale codes are case-sensitive: did you mean ${near}?` : `unknown locale; known: ${accepted.join(", ")}`;
  };
}

/** A whole number between `min` and `max`. */
export function integerBetween(min: number, max: number): (value: string) => string | undefined {
  return (value) => (/^\d+$/.test(value) && Number(value) >= min && Number(value) <= max ? undefined : `a whole number from ${min} to ${max} is needed`);
}
