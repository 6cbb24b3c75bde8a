/**
 * One GGUF model loaded once with node-llama-cpp: a context with one
 * sequence per parallel slot, the chat template read from the file, and a
 * queue in front of the slots. Each slot keeps its evaluated tokens, so a
 * repeated conversation prefix is not evaluated again.
 *
 * @example
 * const model = await LocalModel.load(llama, entry, "models/models.json", { threads: 1, queueLength: 8 });
 * const slot = await model.queue.acquire(signal);
 * try {
 *   const result = await model.generate(slot, { history, maxTokens: 32, temperature: 0, stop: [], signal, onText: write });
 * } finally { model.queue.release(slot); }
 */
import { stat } from "node:fs/promises";
import { LlamaChat, resolveChatWrapper } from "node-llama-cpp";
import type { ChatHistoryItem, ChatWrapper, Llama, LlamaContext, LlamaModel } from "node-llama-cpp";
import { modelFilePath } from "./manifest.ts";
import type { ManifestEntry } from "./manifest.ts";
import { SlotQueue } from "./slotQueue.ts";
import { generateWithProbabilities, NoRoomError } from "./tokenProbabilities.ts";
import type { SamplingRequest, TokenLogprob } from "./tokenProbabilities.ts";

export type GenerationRequest = SamplingRequest & {
  history: ChatHistoryItem[];
  /** With a number (0–20), every token's log probability and that many alternatives are reported. */
  topLogprobs?: number | undefined;
  /** Each piece of text; with `topLogprobs`, the entries of the tokens that begin in it. */
  onText?: ((text: string, logprobs?: TokenLogprob[]) => void) | undefined;
};

/** A finished reply; the prompt's length is counted apart (`countPromptTokens`), after the last token is sent. */
export type GenerationResult = {
  text: string;
  finishReason: "stop" | "length";
  completionTokens: number;
  /** The prompt's length when it was counted before generating (long conversations), so it need not be counted again. */
  promptTokens?: number;
  /** Present when `topLogprobs` was asked for. */
  logprobs?: TokenLogprob[];
};

/** The prompt does not fit in the model's context. */
export class PromptTooLongError extends Error {
  constructor(promptTokens: number, contextSize: number, atLeast = false) {
    super(`the conversation is ${atLeast ? "at least " : ""}${promptTokens} tokens long; this model's context holds ${contextSize}`);
    this.name = "PromptTooLongError";
  }
}

const SLICE_CHARS = 16_384;

function historyTexts(history: ChatHistoryItem[]): string[] {
  return history.map((item) =>
    item.type === "model"
      ? item.response.filter((r): r is string => typeof r === "string").join("")
      : typeof item.text === "string"
        ? item.text
        : JSON.stringify(item.text),
  );
}

/** Where a slice of at most `size` characters from `at` ends: after its last space, else not inside a surrogate pair. */
function sliceEnd(text: string, at: number, size: number): number {
  if (text.length - at <= size) return text.length;
  const space = text.lastIndexOf(" ", at + size - 1);
  if (space > at) return space + 1;
  const end = at + size;
  return (text.charCodeAt(end) & 0xfc00) === 0xdc00 ? end + 1 : end;
}

export class LocalModel {
  readonly entry: ManifestEntry;
  readonly queue: SlotQueue;
  readonly threads: number;
  #model: LlamaModel;
  #context: LlamaContext;
  #chatWrapper: ChatWrapper;
  #chats: LlamaChat[];
  #messageTokens: number;

  private constructor(entry: ManifestEntry, model: LlamaModel, context: LlamaContext, chatWrapper: ChatWrapper, queueLength: number, threads: number) {
    this.entry = entry;
    this.threads = threads;
    this.#model = model;
    this.#context = context;
    this.#chatWrapper = chatWrapper;
    this.#chats = Array.from({ length: entry.parallel }, () => new LlamaChat({ contextSequence: context.getSequence(), chatWrapper }));
    this.queue = new SlotQueue(entry.parallel, queueLength);
    this.#messageTokens = this.#tokensPerMessage();
  }

  /**
   * The fewest tokens the chat template adds for one more message (of any
   * role), less one for a merge at the seam: many short messages are then
   * refused by count, without rendering them all.
   */
  #tokensPerMessage(): number {
    // Templates may drop empty messages, so each probe says one word, whose own tokens are taken off.
    const word = "x";
    const base: ChatHistoryItem[] = [{ type: "user", text: word }, { type: "model", response: [] }];
    const baseTokens = this.countPromptTokens(base);
    const added = (item: ChatHistoryItem) => this.countPromptTokens([item, ...base]) - baseTokens - this.#model.tokenize(word).length;
    const least = Math.min(added({ type: "system", text: word }), added({ type: "user", text: word }), added({ type: "model", response: [word] }));
    return Math.max(0, least - 1);
  }

  /** Loads the entry's file; errors say which model and file failed. */
  static async load(llama: Llama, entry: ManifestEntry, manifestPath: string, options: { threads: number; queueLength: number }): Promise<LocalModel> {
    const path = modelFilePath(manifestPath, entry);
    await stat(path).catch(() => {
      throw new Error(`Model "${entry.id}": file ${path} is missing`);
    });
    const threads = entry.threads ?? options.threads;
    try {
      const model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
      const context = await model.createContext({ contextSize: entry.contextSize, sequences: entry.parallel, threads });
      const chatWrapper = resolveChatWrapper(model);
      return new LocalModel(entry, model, context, chatWrapper, options.queueLength, threads);
    } catch (error) {
      throw new Error(`Model "${entry.id}": cannot load ${path}: ${(error as Error).message}`);
    }
  }

  get id(): string {
    return this.entry.id;
  }

  get contextSize(): number {
    return this.#context.contextSize;
  }

  /** Exact prompt length in tokens, as the chat template renders it. */
  countPromptTokens(history: ChatHistoryItem[]): number {
    const { contextText } = this.#chatWrapper.generateContextState({ chatHistory: history });
    return contextText.tokenize(this.#model.tokenizer).length;
  }

  /**
   * Refuses a conversation that cannot fit without tokenizing more than a
   * context's worth, and never for long at a time: the texts are tokenized
   * in slices cut at spaces, yielding to other requests between slices, and
   * counting stops once the context is full. Each message counts the
   * fewest tokens its template adds. (Slices may add a token at each cut,
   * so that many are allowed for.)
   */
  async checkPromptFits(history: ChatHistoryItem[]): Promise<void> {
    const contextSize = this.contextSize;
    if (this.#promptTokenBound(history) < contextSize) return;
    let tokens = history.length * this.#messageTokens;
    if (tokens >= contextSize) throw new PromptTooLongError(tokens, contextSize, true);
    let cuts = 0;
    for (const text of historyTexts(history)) {
      for (let at = 0; at < text.length; cuts++) {
        const end = sliceEnd(text, at, SLICE_CHARS);
        tokens += this.#model.tokenize(text.slice(at, end)).length;
        at = end;
        if (tokens - cuts >= contextSize) throw new PromptTooLongError(tokens - cuts, contextSize, true);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** A cheap upper bound of the prompt length: no tokenizer yields more tokens than UTF-8 bytes, plus the template's. */
  #promptTokenBound(history: ChatHistoryItem[]): number {
    let bytes = 16;
    for (const text of historyTexts(history)) bytes += Buffer.byteLength(text, "utf8") + 16;
    return bytes;
  }

  /** Generates one reply in `slot` (which the caller holds); rejects with the signal's reason when aborted. */
  async generate(slot: number, request: GenerationRequest): Promise<GenerationResult> {
    const chat = this.#chats[slot];
    if (!chat) throw new Error(`no slot ${slot}`);
    const contextSize = this.contextSize;
    let maxTokens = request.maxTokens;
    let promptTokens: number | undefined;
    if (this.#promptTokenBound(request.history) + maxTokens > contextSize) {
      promptTokens = this.countPromptTokens(request.history);
      if (promptTokens >= contextSize - 1) throw new PromptTooLongError(promptTokens, contextSize);
      maxTokens = Math.min(maxTokens, contextSize - promptTokens - 1);
    }
    if (request.topLogprobs !== undefined) return this.#generateWithProbabilities(slot, request, request.topLogprobs);
    let completionTokens = 0;
    request.onStart?.();
    try {
      const response = await chat.generateResponse(request.history, {
        maxTokens,
        temperature: request.temperature,
        ...(request.topP !== undefined ? { topP: request.topP } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        ...(request.stop.length > 0 ? { customStopTriggers: request.stop } : {}),
        signal: request.signal,
        stopOnAbortSignal: false,
        onToken: (tokens) => {
          completionTokens += tokens.length;
        },
        ...(request.onText
          ? {
              onTextChunk: (text: string) => {
                if (text !== "") request.onText!(text);
              },
            }
          : {}),
      });
      return {
        text: response.response,
        finishReason: response.metadata.stopReason === "maxTokens" ? "length" : "stop",
        completionTokens,
        ...(promptTokens !== undefined ? { promptTokens } : {}),
      };
    } catch (error) {
      await this.#resetSlot(slot);
      throw error;
    }
  }

  /** The same generation through the context sequence, with each token's probabilities (see tokenProbabilities.ts). */
  async #generateWithProbabilities(slot: number, request: GenerationRequest, topLogprobs: number): Promise<GenerationResult> {
    const chat = this.#chats[slot]!;
    try {
      const result = await generateWithProbabilities(
        { model: this.#model, sequence: chat.sequence, chatWrapper: this.#chatWrapper, contextSize: this.contextSize },
        {
          ...request,
          onText: request.onText
            ? (text, logprobs) => {
                if (text !== "" || logprobs.length > 0) request.onText!(text, logprobs);
              }
            : undefined,
        },
        topLogprobs,
      );
      return result;
    } catch (error) {
      await this.#resetSlot(slot);
      if (error instanceof NoRoomError) throw new PromptTooLongError(error.promptTokens, this.contextSize);
      throw error;
    }
  }

  /** After an abort or failure, the slot starts again from an empty sequence. */
  async #resetSlot(slot: number): Promise<void> {
    const old = this.#chats[slot]!;
    const sequence = old.sequence;
    old.dispose({ disposeSequence: false });
    await sequence.clearHistory();
    this.#chats[slot] = new LlamaChat({ contextSequence: sequence, chatWrapper: this.#chatWrapper });
  }

  async dispose(): Promise<void> {
    for (const chat of this.#chats) chat.dispose({ disposeSequence: true });
    await this.#context.dispose();
    await this.#model.dispose();
  }
}
