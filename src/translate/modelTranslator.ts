/**
 * A section translator backed by an open model through
 * `@huggingface/inference`: Hugging Face with `HF_TOKEN`, the project's
 * local server (where `npm start` listens: `HOST`, `PORT`), or any
 * OpenAI-compatible server. Each answer says which model gave it.
 *
 * @example
 * const translate = modelTranslator({ model: "Qwen/Qwen2.5-72B-Instruct", backend: "hf", token: process.env.HF_TOKEN });
 */
import { InferenceClient } from "@huggingface/inference";
import { TranslatorUnreachable, type SectionRequest, type SectionTranslator } from "./translateLesson.ts";
import { whatAnswers } from "../cli/whatAnswers.ts";

export interface ModelTranslatorOptions {
  model: string;
  /** "hf", "local" (this project's server), or the base URL of an OpenAI-compatible API such as http://127.0.0.1:11434/v1. */
  backend: string;
  token?: string;
  /** The local server's address, for backend "local" (default: `localServerUrl(process.env)`). */
  localUrl?: string;
  timeoutMs?: number;
}

/**
 * The address `npm start` serves on, from the same `HOST` and `PORT` it
 * reads (defaults 127.0.0.1 and 4321); a server listening on every address
 * is reached on the loopback one.
 */
export function localServerUrl(env: Record<string, string | undefined> = process.env): string {
  const host = !env.HOST || env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
  const port = env.PORT && /^\d+$/.test(env.PORT) && env.PORT !== "0" ? env.PORT : "4321";
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** Whether an error means nothing answered at that address (refused, unknown host, unreachable). */
function isConnectionFailure(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/.test(code)) return true;
    if (e instanceof TypeError && e.message === "fetch failed") return true;
  }
  return false;
}

/** The model's context cannot hold a section: no retry or later section would fit either, so the run stops, saying so once. */
export class ContextTooSmall extends TranslatorUnreachable {
  override name = "ContextTooSmall";
}

/**
 * The context size and the request's tokens when an error says the prompt
 * does not fit (this project's server, llama.cpp's llama-server, OpenAI and
 * vLLM word it differently); undefined for any other error.
 */
function contextOverflow(error: unknown): { context?: number; tokens?: number } | undefined {
  const body = (error as { httpResponse?: { body?: unknown } }).httpResponse?.body;
  const text = `${(error as Error).message ?? ""} ${typeof body === "string" ? body : JSON.stringify(body ?? "")}`;
  if (!/context (?:holds|size|length|window)|exceed_context_size|maximum context|n_ctx/i.test(text)) return undefined;
  const first = (...patterns: RegExp[]) => {
    for (const re of patterns) {
      const m = re.exec(text);
      if (m) return Number(m[1]);
    }
    return undefined;
  };
  return {
    context: first(/context holds (\d+)/i, /"n_ctx"\s*:\s*(\d+)/, /maximum context length is (\d+)/i),
    tokens: first(/(\d+) tokens long/i, /"n_prompt_tokens"\s*:\s*(\d+)/, /resulted in (\d+) tokens/i),
  };
}

/** Where requests go: undefined for Hugging Face's router, else an OpenAI-compatible base URL. */
export function endpointFor(backend: string, localUrl = localServerUrl()): string | undefined {
  if (backend === "hf") return undefined;
  const base = backend === "local" ? localUrl : backend;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`--backend must be hf, local or a URL such as http://127.0.0.1:11434/v1; got "${backend}"`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.origin}${path.endsWith("/v1") ? path : `${path}/v1`}`;
}

function translationPrompt(request: SectionRequest): { system: string; user: string } {
  const system = [
    `You translate one section of an MDX lesson from English into ${request.language} (${request.locale}).`,
    "Write natural, precise text, as a careful technical editor in that language would.",
    "Keep the structure exactly: the heading level and its {#id} at the end of the heading line, Markdown links with the same URLs and anchors, components such as <Cell id=\"…\"> and </Cell> and <FamilyChart /> unchanged, and every code block.",
    "Inside code blocks change only comments and the contents of strings that are prose for a person or prompts for a model; never identifiers, model ids, numbers or data values.",
    request.text.startsWith("TITLE:") ? "Keep the labels TITLE: and DESCRIPTION: in English at the start of the first two lines, and translate what follows them." : "",
    request.glossary.length > 0 ? `Keep these terms exactly as they are: ${request.glossary.join(", ")}.` : "",
    "Answer with the translated section only: no preamble, no notes, no surrounding code fence.",
  ]
    .filter(Boolean)
    .join("\n");
  const retry = request.feedback ? `\n\nYour previous answer was refused: ${request.feedback}. Fix that.` : "";
  return { system, user: `${request.text}${retry}` };
}

/** Removes a fence the model may have wrapped its whole answer in. */
function unwrapAnswer(answer: string): string {
  const match = /^\s*```(?:mdx|markdown|md)?\s*\n([\s\S]*?)\n```\s*$/.exec(answer);
  return match ? match[1]! : answer;
}

export function modelTranslator(options: ModelTranslatorOptions): SectionTranslator {
  const endpointUrl = endpointFor(options.backend, options.localUrl);
  if (!endpointUrl && !options.token) throw new Error("HF_TOKEN is not set: the hf backend needs a Hugging Face token (or use --backend local or a URL)");
  const client = new InferenceClient(options.token, endpointUrl ? { endpointUrl } : {});
  const where = endpointUrl ?? "Hugging Face's router (https://router.huggingface.co)";
  const nextStep =
    options.backend === "local"
      ? "The model API is the one npm start serves (HOST and PORT, default http://127.0.0.1:4321; npm run dev serves pages only, on 4322): start it, or pass --backend <url> for another server"
      : options.backend === "hf"
        ? "check the network connection, or use --backend local or --backend <url>"
        : "Check the address (an OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1) and that the server is running, or pick another --backend";
  return async (request) => {
    const { system, user } = translationPrompt(request);
    let reply;
    try {
      reply = await client.chatCompletion(
        {
          model: options.model,
          messages: [
            { role: "system", content: system },
            { role: "user", content: user },
          ],
          max_tokens: 4096,
          temperature: 0.2,
        },
        { signal: AbortSignal.timeout(options.timeoutMs ?? 180_000) },
      );
    } catch (error) {
      if (isConnectionFailure(error)) throw new TranslatorUnreachable(`nothing answers at ${where}. ${nextStep}`);
      const overflow = contextOverflow(error);
      if (overflow) {
        const context = overflow.context ? `a context of ${overflow.context} tokens` : "a context too small";
        const size = `section #${request.sectionId} is ${request.text.length} characters${overflow.tokens ? `, ${overflow.tokens} tokens with the instructions` : ""}`;
        throw new ContextTooSmall(
          `${options.model} has ${context}; ${size}, and the translation needs as much room again. ` +
            "Use a model with a larger context: with npm start, e.g. npm start -- --model qwen2.5-0.5b-instruct-q4_k_m (4,096 tokens) and --backend local --model qwen2.5-0.5b-instruct-q4_k_m; " +
            "or a larger model elsewhere (--backend hf, or --backend <url>).",
        );
      }
      // Something answered, but not as an API does: say what it is, once, rather than an HTTP error per section.
      if (endpointUrl) {
        const found = await whatAnswers(endpointUrl);
        if (found !== "an OpenAI-compatible API") throw new TranslatorUnreachable(`${endpointUrl}/chat/completions did not answer as an OpenAI-compatible API: at ${endpointUrl.replace(/\/v1$/, "")} answers ${found}. ${nextStep}`);
      }
      throw error;
    }
    return { text: unwrapAnswer(reply.choices[0]?.message?.content ?? ""), model: reply.model || undefined };
  };
}
