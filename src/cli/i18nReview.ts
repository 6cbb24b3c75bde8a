/**
 * `npm run i18n:review -- --lesson <id> --to <locale> (--section <id> ... | --all)`
 *
 * Records that a person has read and corrected sections of a translation:
 * they lose the machine-translation disclaimer. Only sections that are up
 * to date with the source can be marked; an outdated one must be updated
 * first (by hand or with `npm run translate`).
 */
import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { sectionHashes, sectionProvenance } from "../course/course.ts";
import { withTranslation } from "../course/frontmatter.ts";
import { readLessonFile } from "../course/readLessons.ts";
import { sourceLocale } from "../i18n/locales.ts";
import { commandFailure } from "./commandFailure.ts";

const fail: (message: string) => never = commandFailure("i18n:review");

const { values } = parseArgs({
  options: {
    lesson: { type: "string" },
    to: { type: "string" },
    section: { type: "string", multiple: true, default: [] },
    all: { type: "boolean", default: false },
  },
});
if (!values.lesson || !values.to) fail("--lesson <id> and --to <locale> are required");
const file = `content/lessons/${values.lesson}/${values.to}.mdx`;
if (!existsSync(file)) fail(`${file} does not exist`);
const source = readLessonFile(`content/lessons/${values.lesson}/${sourceLocale}.mdx`, `${values.lesson}/${sourceLocale}`);
const target = readLessonFile(file, `${values.lesson}/${values.to}`);
const info = target.data.translation;
if (!info) fail(`${file} is not a translation`);

const hashes = sectionHashes(source);
const wanted = values.all ? [...hashes.keys()] : values.section!;
if (wanted.length === 0) fail("name sections with --section <id> (repeat it), or --all");
const today = new Date(new Date().toISOString().slice(0, 10));
for (const id of wanted) {
  const made = sectionProvenance(info, id);
  if (!hashes.has(id)) fail(`#${id} is not a section of ${values.lesson}; sections: ${[...hashes.keys()].join(", ")}`);
  if (!made || made.hash !== hashes.get(id)) fail(`#${id} is outdated: update it to the current source before marking it reviewed`);
  info.sections[id] = { hash: made.hash, by: made.by, model: made.model, reviewed: today };
}
writeFileSync(file, withTranslation(target.text, info));
console.log(`${file}: marked reviewed: ${wanted.map((id) => `#${id}`).join(", ")}`);
