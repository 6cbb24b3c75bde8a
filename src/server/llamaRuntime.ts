/**
 * The one node-llama-cpp instance of the process: the prebuilt CPU backend,
 * never built or downloaded at run time, with a bounded thread count.
 *
 * @example
 * const llama = await loadLlama({ maxThreads: 1, log: (level, message) => console.log(level, message) });
 */
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import type { Llama } from "node-llama-cpp";

export type LlamaLog = (level: "error" | "warn", message: string) => void;

/** Loads the CPU backend; llama.cpp's own warnings and errors go to `log`. */
export async function loadLlama(options: { maxThreads: number; log?: LlamaLog }): Promise<Llama> {
  return getLlama({
    gpu: false,
    build: "never",
    maxThreads: options.maxThreads,
    logLevel: LlamaLogLevel.warn,
    logger: (level, message) => {
      const text = message.trim();
      if (text === "" || !options.log) return;
      if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) options.log("error", text);
      else if (level === LlamaLogLevel.warn) options.log("warn", text);
    },
  });
}
