/**
 * `npm run i18n:review -- --lesson <id> --to <locale> (--section <id> ... | --all)`
 *
 * Records that a person has read and corrected sections of a translation:
 * they lose the machine-translation disclaimer. Only sections that are up
 * to date with the source can be marked; an outdated one must be updated
 * first (by hand or with `npm run translate`).
 */
import { existsSync } from "node:fs";
import { sectionHashes, sectionProvenance } from "../course/course.ts";
import { withTranslation } from "../course/frontmatter.ts";
import { readLessonFile } from "../course/readLessons.ts";
import { sourceLocale } from "../i18n/locales.ts";
import { knownLocale, lessonOption } from "./argumentChecks.ts";
import { commandFailure } from "./commandFailure.ts";
import { defineCommand, parseCommandLine } from "./commandLine.ts";
import { writeFileAtomically } from "./writeFileAtomically.ts";

const command = defineCommand({
  name: "i18n:review",
  summary:
    "Records that a person has read and corrected sections of a translation: they lose the machine-translation notice on the page. " +
    "Only sections up to date with the source can be marked; update an outdated one first (by hand or with npm run translate).",
  options: {
    lesson: lessonOption,
    to: { type: "string", value: "<locale>", required: true, description: "the translation's language", check: knownLocale("translation") },
    section: { type: "string", value: "<id>", multiple: true, description: "a section id (a heading's {#id}, or top for the title and introduction)" },
    all: { type: "boolean", description: "every section of the lesson" },
  },
  examples: [
    { run: "--lesson welcome --to fr --section top --section cells", says: "mark two sections of the French translation reviewed" },
    { run: "--lesson welcome --to fr --all", says: "mark the whole French translation reviewed" },
  ],
  check: (values) => ((values.section as string[]).length === 0 && !values.all ? "name sections with --section <id> (repeat it), or --all" : undefined),
});
const { values } = parseCommandLine(command);
const fail: (message: string) => never = commandFailure("i18n:review");

const file = `content/lessons/${values.lesson}/${values.to}.mdx`;
if (!existsSync(file)) fail(`${file} does not exist: there is no ${values.to} translation of ${values.lesson} yet (npm run translate, or write it by hand)`);
const source = readLessonFile(`content/lessons/${values.lesson}/${sourceLocale}.mdx`, `${values.lesson}/${sourceLocale}`);
const target = readLessonFile(file, `${values.lesson}/${values.to}`);
const info = target.data.translation;
if (!info) fail(`${file} is not a translation`);

const hashes = sectionHashes(source);
const wanted = values.all ? [...hashes.keys()] : values.section;
const today = new Date(new Date().toISOString().slice(0, 10));
for (const id of wanted) {
  const made = sectionProvenance(info, id);
  if (!hashes.has(id)) fail(`#${id} is not a section of ${values.lesson}; sections: ${[...hashes.keys()].join(", ")}`);
  if (!made || made.hash !== hashes.get(id)) fail(`#${id} is outdated: update it to the current source before marking it reviewed`);
  info.sections[id] = { hash: made.hash, by: made.by, model: made.model, reviewed: today };
}
writeFileAtomically(file, withTranslation(target.text, info));
console.log(`${file}: marked reviewed: ${wanted.map((id) => `#${id}`).join(", ")}`);
