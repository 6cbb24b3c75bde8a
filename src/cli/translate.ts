/**
 * `npm run translate -- --lesson <id> --to <locale> [--model <id>] [--backend hf|local|<url>]`
 *
 * Translates the sections of a lesson that are missing or outdated in one
 * locale with an open model, checks each, and writes the file only when
 * all of it passes. Hugging Face needs HF_TOKEN; `local` is this project's
 * server where `npm start` listens (HOST and PORT, default
 * http://127.0.0.1:4321); a URL is any OpenAI-compatible server
 * (OPENAI_API_KEY is sent when set). The report names the model that
 * answered.
 */
import { parseArgs } from "node:util";
import { isLocale, localeCodes } from "../i18n/locales.ts";
import { readGlossary } from "../translate/glossary.ts";
import { localServerUrl, modelTranslator } from "../translate/modelTranslator.ts";
import { translateLesson, type Progress } from "../translate/translateLesson.ts";
import { commandFailure } from "./commandFailure.ts";

const DEFAULT_MODEL = "Qwen/Qwen2.5-72B-Instruct";

const fail: (message: string) => never = commandFailure("translate");

const { values } = parseArgs({
  options: {
    lesson: { type: "string" },
    to: { type: "string" },
    model: { type: "string", default: DEFAULT_MODEL },
    backend: { type: "string", default: "hf" },
    retries: { type: "string", default: "2" },
  },
});
if (!values.lesson) fail("--lesson <id> is required (a folder of content/lessons)");
if (!values.to || !isLocale(values.to)) fail(`--to <locale> is required, one of: ${localeCodes.join(", ")}`);

function show(event: Progress): void {
  if (event.kind === "plan") {
    console.log(`${values.lesson} → ${values.to}: ${event.translate.length} section(s) to translate, ${event.keep.length} up to date`);
    for (const s of event.skip) console.log(`  skipped #${s.id}: ${s.why}`);
    return;
  }
  const where = `[${event.index}/${event.total}] #${event.id}${event.attempt > 1 ? ` (try ${event.attempt})` : ""}`;
  const by = event.model && event.model !== values.model ? ` (answered by ${event.model})` : "";
  console.log(`${where} ${event.ok ? "ok" : "refused"} in ${(event.ms / 1000).toFixed(1)} s${by}${event.ok ? "" : `: ${event.problems.join("; ")}`}`);
}

try {
  const token = values.backend === "hf" ? process.env.HF_TOKEN : process.env.OPENAI_API_KEY;
  const translator = modelTranslator({ model: values.model!, backend: values.backend!, token, localUrl: localServerUrl(process.env) });
  const report = await translateLesson({
    lesson: values.lesson,
    locale: values.to,
    translator,
    model: values.model!,
    glossary: readGlossary(),
    retries: Number(values.retries),
    onProgress: show,
  });
  const answered = report.answeredBy.length > 0 ? ` Answered by ${report.answeredBy.join(", ")}${report.answeredBy.some((m) => m !== values.model) ? ` (${values.model} was asked for)` : ""}.` : "";
  if (report.failed.length > 0) {
    console.error(`\nNothing written to ${report.file}:${answered}`);
    for (const f of report.failed) console.error(`  #${f.id}: ${f.problems.join("; ")}`);
    process.exit(1);
  }
  console.log(report.written ? `\nWrote ${report.file}: ${report.translated.length} section(s) translated.${answered}` : `\n${report.file} is up to date; nothing to do.`);
} catch (error) {
  fail((error as Error).message);
}
