/**
 * A section translator backed by an open model through
 * `@huggingface/inference`: Hugging Face with `HF_TOKEN`, the project's
 * local server, or any OpenAI-compatible server.
 *
 * @example
 * const translate = modelTranslator({ model: "Qwen/Qwen2.5-72B-Instruct", backend: "hf", token: process.env.HF_TOKEN });
 */
import { InferenceClient } from "@huggingface/inference";
import type { SectionRequest, SectionTranslator } from "./translateLesson.ts";

export interface ModelTranslatorOptions {
  model: string;
  /** "hf", "local" (this project's server), or the base URL of an OpenAI-compatible API such as http://127.0.0.1:11434/v1. */
  backend: string;
  token?: string;
  /** The local server's address, for backend "local". */
  localUrl?: string;
  timeoutMs?: number;
}

/** Where requests go: undefined for Hugging Face's router, else an OpenAI-compatible base URL. */
export function endpointFor(backend: string, localUrl = "http://127.0.0.1:4321"): string | undefined {
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

export function translationPrompt(request: SectionRequest): { system: string; user: string } {
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
export function unwrapAnswer(answer: string): string {
  const match = /^\s*```(?:mdx|markdown|md)?\s*\n([\s\S]*?)\n```\s*$/.exec(answer);
  return match ? match[1]! : answer;
}

export function modelTranslator(options: ModelTranslatorOptions): SectionTranslator {
  const endpointUrl = endpointFor(options.backend, options.localUrl);
  if (!endpointUrl && !options.token) throw new Error("HF_TOKEN is not set: the hf backend needs a Hugging Face token (or use --backend local or a URL)");
  const client = new InferenceClient(options.token, endpointUrl ? { endpointUrl } : {});
  return async (request) => {
    const { system, user } = translationPrompt(request);
    const reply = await client.chatCompletion(
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
    return unwrapAnswer(reply.choices[0]?.message?.content ?? "");
  };
}
