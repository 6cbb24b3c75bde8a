/**
 * Reads `content/lessons/<lesson>/<locale>.mdx` from disk for the command-
 * line tools (the site itself reads them through Astro's content
 * collection). Frontmatter is checked with the same schema as the build.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { splitFrontmatter } from "./contentHash.ts";
import { lessonSchema, type LessonData } from "./lessonSchema.ts";

export interface LessonFileOnDisk {
  id: string;
  filePath: string;
  data: LessonData;
  body: string;
  text: string;
}

export function readLessonFile(filePath: string, id: string): LessonFileOnDisk {
  return lessonFileFromText(filePath, readFileSync(filePath, "utf8"), id);
}

/** A lesson file from its text, as if read from `filePath` (e.g. a translation before it is written). */
export function lessonFileFromText(filePath: string, text: string, id: string): LessonFileOnDisk {
  const { frontmatter, body } = splitFrontmatter(text);
  let raw: unknown;
  try {
    raw = parseYaml(frontmatter) ?? {};
  } catch (error) {
    throw new Error(`${filePath}: frontmatter is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = lessonSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = text.split(/\r?\n/);
    // Unknown fields first: a misspelt name also makes the real one look missing.
    const issues = [...parsed.error.issues].sort((a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"));
    const messages = issues.map((issue) => {
      const field = issue.code === "unrecognized_keys" ? issue.keys[0] : issue.path.at(-1);
      const at = typeof field === "string" ? lines.findIndex((line) => line.trimStart().startsWith(`${field}:`)) : -1;
      // A missing field has no line of its own: the frontmatter starts on line 1.
      return `${filePath}:${at >= 0 ? at + 1 : 1}: ${issue.path.join(".") || "frontmatter"}: ${issue.message}`;
    });
    throw new Error(messages.join("\n"));
  }
  return { id, filePath, data: parsed.data, body, text };
}

/** Every lesson file; when some cannot be read, throws one error naming each of them, a line apiece. */
export function readLessons(root = "content/lessons"): LessonFileOnDisk[] {
  const entries: LessonFileOnDisk[] = [];
  const problems: string[] = [];
  for (const slug of readdirSync(root).sort()) {
    const dir = join(root, slug);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith(".mdx")) continue;
      try {
        entries.push(readLessonFile(join(dir, file), `${slug}/${file.slice(0, -4)}`));
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return entries;
}
