/**
 * `npm run i18n:new -- --lesson <id> --to <locale>`: starts a translation
 * by hand (see `startTranslation`); refuses to overwrite an existing file.
 */
import { nextSteps, startTranslation } from "../translate/startTranslation.ts";
import { knownLocale, lessonOption } from "./argumentChecks.ts";
import { commandFailure } from "./commandFailure.ts";
import { defineCommand, parseCommandLine } from "./commandLine.ts";

const command = defineCommand({
  name: "i18n:new",
  summary:
    "Starts a translation by hand: copies the lesson's source file to <locale>.mdx with its provenance " +
    "(by: human, today's section hashes) and lists the sections to translate. Never overwrites a file.",
  options: {
    lesson: lessonOption,
    to: { type: "string", value: "<locale>", required: true, description: "the language to translate into (a code from src/i18n/locales.json)", check: knownLocale("translation") },
  },
  examples: [
    { run: "--lesson welcome --to it", says: "start content/lessons/welcome/it.mdx once Italian is in the registry" },
    { run: "--lesson open-source-models --to de", says: "refused with exit code 2: that translation exists already" },
  ],
});
const { values } = parseCommandLine(command);
const fail: (message: string) => never = commandFailure("i18n:new");

try {
  const { file, sections } = startTranslation({ lesson: values.lesson, locale: values.to });
  console.log(nextSteps(file, values.to, sections, values.lesson));
} catch (error) {
  fail((error as Error).message);
}
