/**
 * node-llama-cpp called in the benchmark's own process: the reference the
 * server and the browser engine are compared with. `run` generates one
 * reply and times its first token and its token rate.
 *
 * @example
 * const local = await loadInProcess("models/carnet-tiny-demo.gguf", { threads: 1, contextSize: 2048, sequences: 2, maxTokens: 64 });
 * const sample = await local.run("You are a teacher.", "What is a token?");
 * await local.dispose();
 */
import { getLlama, LlamaChat, resolveChatWrapper } from "node-llama-cpp";
import type { ChatHistoryItem } from "node-llama-cpp";

export type Sample = { ttftMs: number; tokensPerSecond: number; tokens: number };

/** Time to first token and the rate of the tokens after it. */
export function sample(start: number, first: number, last: number, tokens: number): Sample {
  return { ttftMs: first - start, tokensPerSecond: tokens > 1 ? (tokens - 1) / ((last - first) / 1000) : 0, tokens };
}

export async function loadInProcess(modelPath: string, options: { threads: number; contextSize: number; sequences: number; maxTokens: number }) {
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: options.threads });
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: options.contextSize, sequences: options.sequences, threads: options.threads });
  const chat = new LlamaChat({ contextSequence: context.getSequence(), chatWrapper: resolveChatWrapper(model) });
  return {
    async run(system: string, user: string): Promise<Sample> {
      const history: ChatHistoryItem[] = [
        { type: "system", text: system },
        { type: "user", text: user },
        { type: "model", response: [] },
      ];
      let first = 0;
      let last = 0;
      let tokens = 0;
      const start = performance.now();
      await chat.generateResponse(history, {
        maxTokens: options.maxTokens,
        temperature: 0,
        onToken: (t) => (tokens += t.length),
        onTextChunk: () => {
          last = performance.now();
          if (first === 0) first = last;
        },
      });
      return sample(start, first, last, tokens);
    },
    async dispose() {
      chat.dispose();
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
