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
  const text = readFileSync(filePath, "utf8");
  const { frontmatter, body } = splitFrontmatter(text);
  let raw: unknown;
  try {
    raw = parseYaml(frontmatter) ?? {};
  } catch (error) {
    throw new Error(`${filePath}: frontmatter is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = lessonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${filePath}: ${issue.path.join(".") || "frontmatter"}: ${issue.message}`);
  }
  return { id, filePath, data: parsed.data, body, text };
}

export function readLessons(root = "content/lessons"): LessonFileOnDisk[] {
  const entries: LessonFileOnDisk[] = [];
  for (const slug of readdirSync(root).sort()) {
    const dir = join(root, slug);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith(".mdx")) entries.push(readLessonFile(join(dir, file), `${slug}/${file.slice(0, -4)}`));
    }
  }
  return entries;
}
