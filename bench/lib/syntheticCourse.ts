/**
 * Writes a synthetic course for build benchmarks: `lessons` lessons in every
 * locale, each about 1,300 words in 6 sections with 3 TypeScript cells of
 * 25 lines, a table and a list. Deterministic (a seeded generator), and the
 * translations record the source's hash so they count as up to date.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sectionHashes } from "../../src/course/course.ts";
import { locales, sourceLocale } from "../../src/i18n/locales.ts";

const WORDS = (
  "model weights token context window inference open licence data training evaluation benchmark prompt answer " +
  "layer attention expert router quantisation memory latency throughput server client stream reader lesson cell " +
  "translation language family variant fine tune instruct base chat code maths medicine dataset metric release"
).split(" ");

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sentence(next: () => number): string {
  const n = 8 + Math.floor(next() * 12);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]!);
  const text = words.join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function cell(id: string, next: () => number): string {
  const lines = [`const values${id.replace(/-/g, "")}: number[] = [];`];
  for (let i = 0; i < 22; i++) lines.push(`values${id.replace(/-/g, "")}.push(${Math.floor(next() * 1000)} * ${i + 1});`);
  lines.push(`const total = values${id.replace(/-/g, "")}.reduce((a, b) => a + b, 0);`);
  lines.push(`console.log("total", total);`);
  return `<Cell id="${id}">\n\`\`\`ts\n${lines.join("\n")}\n\`\`\`\n</Cell>`;
}

function lessonBody(index: number, next: () => number): string {
  const parts: string[] = [];
  for (let s = 1; s <= 6; s++) {
    parts.push(`## Section ${s} of lesson ${index} {#section-${s}}`);
    for (let p = 0; p < 3; p++) parts.push(Array.from({ length: 5 }, () => sentence(next)).join(" "));
    if (s <= 3) parts.push(cell(`cell-${s}`, next));
    if (s === 4) parts.push("| Family | Size | Licence |\n| --- | --- | --- |\n| Alpha | 7B | Apache-2.0 |\n| Beta | 70B | custom |\n| Gamma | 1B | MIT |");
    if (s === 5) parts.push(Array.from({ length: 5 }, () => `- ${sentence(next)}`).join("\n"));
  }
  return parts.join("\n\n") + "\n";
}

export function writeSyntheticCourse(root: string, lessons: number): { files: number; words: number } {
  let files = 0;
  let words = 0;
  for (let i = 1; i <= lessons; i++) {
    const slug = `lesson-${String(i).padStart(3, "0")}`;
    const dir = join(root, slug);
    mkdirSync(dir, { recursive: true });
    const body = lessonBody(i, random(i));
    const title = `Lesson ${i}`;
    const description = `Synthetic lesson ${i}.`;
    const sections = [...sectionHashes({ data: { title, description }, body })].map(([id, hash]) => `    ${id}: ${hash}`).join("\n");
    words += body.split(/\s+/).length;
    for (const { code } of locales) {
      const front =
        code === sourceLocale
          ? `title: ${title}\ndescription: ${description}\norder: ${i}`
          : `title: ${title}\ndescription: ${description}\ntranslation:\n  source: ${sourceLocale}\n  date: 2026-11-26\n  by: machine\n  sections:\n${sections}`;
      writeFileSync(join(dir, `${code}.mdx`), `---\n${front}\n---\n\n${body}`);
      files++;
    }
  }
  return { files, words: Math.round(words / lessons) };
}
