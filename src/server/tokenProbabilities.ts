/**
 * Generation that reports, for every token, its log probability and the
 * most likely alternatives, in the OpenAI `logprobs` shape. node-llama-cpp's
 * chat classes keep the probabilities to themselves, so this path renders
 * the chat template itself and generates through the context sequence's
 * `evaluateWithMetadata` with `{ probabilities: true }`: one pass, each
 * token comes with the model's whole distribution for its place. The
 * probabilities reported are the model's own (as OpenAI and llama.cpp's
 * server report them), whatever the sampling options; at a temperature
 * above 0 the token is drawn from them here, as node-llama-cpp's sampler
 * does (the 40 most likely, then `top_p`, then temperature), with a PRNG
 * seeded by `seed`, and handed back to the sequence as the next token.
 *
 * @example
 * const result = await generateWithProbabilities({ model, sequence, chatWrapper, contextSize }, request, 5);
 * result.logprobs[0]; // { token: "Hello", logprob: -0.4, bytes: [72, ...], top_logprobs: [...] }
 */
import type { ChatWrapper, LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp";

/** One candidate token: its text, natural log probability, and the UTF-8 bytes of its text. */
type TokenChoice = { token: string; logprob: number; bytes: number[] };

/** One generated token with the `k` most likely alternatives at its place, most likely first. */
export type TokenLogprob = TokenChoice & { top_logprobs: TokenChoice[] };

/** The lowest log probability reported: a probability that rounds to 0 would otherwise give −∞, which JSON cannot carry. */
const LOWEST_LOGPROB = -9999;

/** node-llama-cpp's defaults for what the chat path leaves unset: top-k 40, top-p 0.95. */
const SAMPLER_TOP_K = 40;
const SAMPLER_TOP_P = 0.95;

/** A small seeded PRNG (mulberry32): the same seed gives the same draws. */
function seededRandom(seed: number): () => number {
  let state = Math.abs(Math.trunc(seed)) % 2 ** 32;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Draws a token from the model's distribution (sorted most likely first) as
 * node-llama-cpp's sampler chain does: keep the `SAMPLER_TOP_K` most likely,
 * then the fewest whose probability reaches `topP`, then sharpen or
 * flatten by `temperature`.
 */
export function drawToken(probabilities: Map<Token, number>, options: { temperature: number; topP: number }, random: () => number): Token {
  const kept: [Token, number][] = [];
  let total = 0;
  for (const entry of probabilities) {
    if (kept.length >= SAMPLER_TOP_K) break;
    kept.push(entry);
    total += entry[1];
  }
  if (kept.length === 0 || !(total > 0)) throw new Error("the model gave no distribution to draw from");
  let mass = 0;
  let count = 0;
  while (count < kept.length) {
    mass += kept[count]![1] / total;
    count++;
    if (mass >= options.topP) break;
  }
  const weights = kept.slice(0, count).map(([token, p]) => [token, Math.pow(p / kept[0]![1], 1 / options.temperature)] as const);
  const sum = weights.reduce((acc, [, w]) => acc + w, 0);
  let pick = random() * sum;
  for (const [token, weight] of weights) {
    pick -= weight;
    if (pick < 0) return token;
  }
  return weights[0]![0];
}

/** Tokens before a piece that the detokenizer looks at to place spaces. */
const CONTEXT_TOKENS = 16;

export type ProbabilityRun = {
  model: LlamaModel;
  sequence: LlamaContextSequence;
  chatWrapper: ChatWrapper;
  contextSize: number;
};

/** What every generation of a local model takes, with or without probabilities. */
export type SamplingRequest = {
  maxTokens: number;
  temperature: number;
  topP?: number | undefined;
  seed?: number | undefined;
  stop: string[];
  signal: AbortSignal;
  /** Called once the prompt is known to fit, just before evaluation starts. */
  onStart?: (() => void) | undefined;
};

export type ProbabilityRequest = SamplingRequest & {
  history: Parameters<ChatWrapper["generateContextState"]>[0]["chatHistory"];
  /** A piece of text with the entries of the tokens it completes (possibly none). */
  onText?: ((text: string, logprobs: TokenLogprob[]) => void) | undefined;
};

export type ProbabilityResult = {
  text: string;
  logprobs: TokenLogprob[];
  finishReason: "stop" | "length";
  completionTokens: number;
  promptTokens: number;
};

/** Thrown when the rendered prompt leaves no room to generate. */
export class NoRoomError extends Error {
  readonly promptTokens: number;

  constructor(promptTokens: number) {
    super("no room left in the context");
    this.promptTokens = promptTokens;
  }
}

function choiceOf(model: LlamaModel, token: Token, probability: number, before: readonly Token[]): TokenChoice {
  const text = model.detokenize([token], false, before);
  const logprob = probability > 0 ? Math.max(Math.log(probability), LOWEST_LOGPROB) : LOWEST_LOGPROB;
  return { token: text, logprob, bytes: [...Buffer.from(text, "utf8")] };
}

/** The entry of one generated token; `probabilities` is sorted most likely first, as node-llama-cpp returns it. */
function entryOf(model: LlamaModel, token: Token, probabilities: Map<Token, number>, k: number, before: readonly Token[]): TokenLogprob {
  const top: TokenChoice[] = [];
  for (const [candidate, probability] of probabilities) {
    if (top.length >= k || !(probability > 0)) break;
    top.push(choiceOf(model, candidate, probability, before));
  }
  return { ...choiceOf(model, token, probabilities.get(token) ?? 0, before), top_logprobs: top };
}

function endsWith(tokens: readonly Token[], tail: readonly Token[]): boolean {
  if (tail.length === 0 || tail.length > tokens.length) return false;
  const from = tokens.length - tail.length;
  return tail.every((token, i) => tokens[from + i] === token);
}

/** How many characters at the end of `text` could begin one of `stops`, so they are held back until known. */
function heldBack(text: string, stops: string[]): number {
  let held = 0;
  for (const stop of stops) {
    for (let n = Math.min(stop.length - 1, text.length); n > held; n--) {
      if (text.endsWith(stop.slice(0, n))) {
        held = n;
        break;
      }
    }
  }
  return held;
}

/**
 * Generates one reply on `run.sequence` (which the caller holds), reusing
 * the tokens the sequence already holds in common with the prompt. Rejects
 * with the signal's reason when aborted (checked after every token).
 */
export async function generateWithProbabilities(run: ProbabilityRun, request: ProbabilityRequest, topLogprobs: number): Promise<ProbabilityResult> {
  const { model, sequence } = run;
  const { contextText, stopGenerationTriggers } = run.chatWrapper.generateContextState({ chatHistory: request.history });
  const prompt = contextText.tokenize(model.tokenizer);
  if (prompt.length >= run.contextSize - 1) throw new NoRoomError(prompt.length);
  const maxTokens = Math.min(request.maxTokens, run.contextSize - prompt.length - 1);

  // Keep the prefix the sequence already evaluated; at least the prompt's last token is evaluated again for its logits.
  const held = sequence.contextTokens;
  let same = 0;
  while (same < held.length && same < prompt.length - 1 && held[same] === prompt[same]) same++;
  if (same < sequence.nextTokenIndex) await sequence.eraseContextTokenRanges([{ start: same, end: sequence.nextTokenIndex }]);

  const triggers = stopGenerationTriggers.map((trigger) => trigger.tokenize(model.tokenizer)).filter((tokens) => tokens.length > 0);
  const tokens: Token[] = [];
  const entries: TokenLogprob[] = [];
  /** Where each token's text starts in `text`. */
  const starts: number[] = [];
  let text = "";
  let settledTokens = 0;
  let settledText = "";
  let sentChars = 0;
  let sentEntries = 0;
  let finishReason: "stop" | "length" = "stop";
  const emit = (upTo: number, entryCount: number) => {
    if (upTo <= sentChars && entryCount <= sentEntries) return;
    const piece = text.slice(sentChars, Math.max(upTo, sentChars));
    const pieceEntries = entries.slice(sentEntries, entryCount);
    sentChars = Math.max(upTo, sentChars);
    sentEntries = Math.max(entryCount, sentEntries);
    request.onText?.(piece, pieceEntries);
  };

  request.onStart?.();
  // Greedy evaluation hands over the whole distribution unchanged; a sampled token replaces the greedy one.
  const random = request.temperature > 0 ? seededRandom(request.seed ?? Math.floor(Math.random() * 2 ** 32)) : undefined;
  const sampling = { temperature: request.temperature, topP: request.topP ?? SAMPLER_TOP_P };
  const generation = sequence.evaluateWithMetadata(prompt.slice(same), { probabilities: true }, { temperature: 0, yieldEogToken: true });
  try {
    let step = await generation.next();
    while (!step.done) {
      if (request.signal.aborted) throw request.signal.reason;
      const { probabilities } = step.value;
      const token = random ? drawToken(probabilities, sampling, random) : step.value.token;
      if (model.isEogToken(token)) break;
      const before = tokens.slice(-CONTEXT_TOKENS);
      tokens.push(token);
      if (triggers.some((trigger) => endsWith(tokens, trigger))) break;
      entries.push(entryOf(model, token, probabilities, topLogprobs, before));
      starts.push(text.length);
      // Text is decoded from the last point that ended on a whole character, so bytes split across tokens join up.
      text = settledText + model.detokenize(tokens.slice(settledTokens), false, tokens.slice(Math.max(0, settledTokens - CONTEXT_TOKENS), settledTokens));
      if (!text.endsWith("\uFFFD")) {
        settledTokens = tokens.length;
        settledText = text;
      }
      const stopAt = request.stop.reduce((at, stop) => {
        const found = text.indexOf(stop, Math.max(0, sentChars - stop.length));
        return found !== -1 && found < at ? found : at;
      }, Infinity);
      if (stopAt !== Infinity) {
        text = text.slice(0, stopAt);
        const kept = starts.findIndex((start) => start >= stopAt);
        if (kept !== -1) entries.length = kept;
        break;
      }
      if (entries.length >= maxTokens) {
        finishReason = "length";
        break;
      }
      // A token's entry travels with the piece where its text begins.
      const safe = settledText.length - heldBack(settledText, request.stop);
      let ready = sentEntries;
      while (ready < starts.length && starts[ready]! < safe) ready++;
      emit(safe, ready);
      step = await generation.next(token);
    }
  } finally {
    await generation.return();
  }
  if (request.signal.aborted) throw request.signal.reason;
  emit(text.length, entries.length);
  return { text, logprobs: entries, finishReason, completionTokens: tokens.length, promptTokens: prompt.length };
}
