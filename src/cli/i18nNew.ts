/**
 * `npm run i18n:new -- --lesson <id> --to <locale>`: starts a translation
 * by hand (see `startTranslation`); refuses to overwrite an existing file.
 */
import { parseArgs } from "node:util";
import { localeCodes } from "../i18n/locales.ts";
import { nextSteps, startTranslation } from "../translate/startTranslation.ts";
import { commandFailure } from "./commandFailure.ts";

const fail: (message: string) => never = commandFailure("i18n:new");

const { values } = parseArgs({ options: { lesson: { type: "string" }, to: { type: "string" } } });
if (!values.lesson) fail("--lesson <id> is required (a folder of content/lessons)");
if (!values.to) fail(`--to <locale> is required, one of: ${localeCodes.join(", ")}`);
try {
  const { file, sections } = startTranslation({ lesson: values.lesson, locale: values.to });
  console.log(nextSteps(file, values.to, sections));
} catch (error) {
  fail((error as Error).message);
}
