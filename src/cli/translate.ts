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
import { readGlossary } from "../translate/glossary.ts";
import { endpointFor, localServerUrl, modelTranslator } from "../translate/modelTranslator.ts";
import { translateLesson, type Progress, type SectionTranslator } from "../translate/translateLesson.ts";
import { integerBetween, knownLocale, lessonOption } from "./argumentChecks.ts";
import { defineCommand, parseCommandLine } from "./commandLine.ts";
import { onInterrupt } from "./interrupt.ts";
import { statusLine } from "./statusLine.ts";

const DEFAULT_MODEL = "Qwen/Qwen2.5-72B-Instruct";

const command = defineCommand({
  name: "translate",
  summary:
    "Translates the sections of a lesson that are missing or older than the source in one language, with an open model. " +
    "Each section is checked (headings and ids, cells and their code, links, components, glossary terms) and sent back with the reason when refused; " +
    "the file is written only when every section passes.",
  options: {
    lesson: lessonOption,
    to: { type: "string", value: "<locale>", required: true, description: "the language to translate into, a code of src/i18n/locales.json", check: knownLocale("translation") },
    model: { type: "string", value: "<id>", default: DEFAULT_MODEL, description: "the model that translates; the file's provenance records it" },
    backend: {
      type: "string",
      value: "hf|local|<url>",
      default: "hf",
      description: "hf: Hugging Face's router; local: this project's server; or the base URL of any OpenAI-compatible server",
      check: (value) => {
        try {
          endpointFor(value);
          return undefined;
        } catch {
          return "must be hf, local or a URL such as http://127.0.0.1:11434/v1";
        }
      },
    },
    retries: { type: "string", value: "<n>", default: "2", description: "more tries for a section whose translation a check refused", check: integerBetween(0, 10) },
  },
  environment: {
    HF_TOKEN: "Hugging Face token, needed by --backend hf",
    HOST: "with PORT, where npm start serves: the local server for --backend local (default 127.0.0.1)",
    PORT: "the local server's port (default 4321)",
    OPENAI_API_KEY: "sent to a --backend URL when set",
  },
  examples: [
    { run: "--lesson welcome --to fr", says: "translate what is missing or outdated in French with Hugging Face (HF_TOKEN set)" },
    { run: "--lesson welcome --to ja --backend local --model carnet-tiny-demo", says: "use this project's server (npm start)" },
    { run: "--lesson welcome --to de --backend http://127.0.0.1:11434/v1 --model qwen2.5:7b", says: "use a local Ollama" },
  ],
  exitCodes: { 1: "no token for the backend, or a section failed its checks after every try; nothing was written" },
  interruptible: true,
});
const { values } = parseCommandLine(command);
const file = `content/lessons/${values.lesson}/${values.to}.mdx`;

const token = values.backend === "hf" ? process.env.HF_TOKEN : process.env.OPENAI_API_KEY;
let translator: SectionTranslator;
try {
  translator = modelTranslator({ model: values.model, backend: values.backend, token, localUrl: localServerUrl(process.env) });
} catch (error) {
  console.error(`translate: ${(error as Error).message}`);
  process.exit(1);
}

const status = statusLine();
const interrupt = onInterrupt(() => {
  status.clear();
  console.error(`Stopped: nothing written to ${file}.`);
});

let planned = 0;
let started = 0;
function show(event: Progress): void {
  if (event.kind === "plan") {
    planned = event.translate.length;
    status.print(`${values.lesson} → ${values.to}: ${event.translate.length} section(s) to translate, ${event.keep.length} up to date`);
    for (const s of event.skip) status.print(`  skipped #${s.id}: ${s.why}`);
    return;
  }
  const where = `[${event.index}/${event.total}] #${event.id}${event.attempt > 1 ? ` (try ${event.attempt})` : ""}`;
  const by = event.model && event.model !== values.model ? ` (answered by ${event.model})` : "";
  status.print(`${where} ${event.ok ? "ok" : "refused"} in ${(event.ms / 1000).toFixed(1)} s${by}${event.ok ? "" : `: ${event.problems.join("; ")}`}`);
}

/** Shows which section the model is working on, on a terminal. */
const tracked: SectionTranslator = (request) => {
  if (!request.feedback) started++;
  status.running(`[${Math.min(started, planned)}/${planned}] translating #${request.sectionId} with ${values.model}${request.feedback ? " (again, told why)" : ""}`);
  return translator(request);
};

try {
  const report = await translateLesson({
    lesson: values.lesson,
    locale: values.to,
    translator: tracked,
    model: values.model,
    glossary: readGlossary(),
    retries: Number(values.retries),
    onProgress: show,
  });
  status.clear();
  interrupt.dispose();
  const answered = report.answeredBy.length > 0 ? ` Answered by ${report.answeredBy.join(", ")}${report.answeredBy.some((m) => m !== values.model) ? ` (${values.model} was asked for)` : ""}.` : "";
  if (report.failed.length > 0) {
    console.error(`\nNothing written to ${report.file}:${answered}`);
    for (const f of report.failed) console.error(`  #${f.id}: ${f.problems.join("; ")}`);
    process.exit(1);
  }
  console.log(report.written ? `\nWrote ${report.file}: ${report.translated.length} section(s) translated.${answered}` : `\n${report.file} is up to date; nothing to do.`);
} catch (error) {
  status.clear();
  console.error(`translate: ${(error as Error).message}`);
  process.exit(1);
}
