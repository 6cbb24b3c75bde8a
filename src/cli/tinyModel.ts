/**
 * `npm run model:tiny`: writes the tiny demo model (see `tinyModelRecipe.json`)
 * into `models/`. The weights come from a seeded generator, so the file is
 * byte-identical on every run and every machine.
 *
 * @example
 * const bytes = buildTinyModel();          // Buffer with the whole GGUF file
 * await writeTinyModel("models");          // "models/carnet-tiny-demo.gguf"
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { defineCommand, parseCommandLine } from "./commandLine.ts";
import { writeGguf } from "./ggufWriter.ts";
import type { GgufTensor, GgufValue } from "./ggufWriter.ts";
import recipeData from "./tinyModelRecipe.json" with { type: "json" };
import { writeFileAtomically } from "./writeFileAtomically.ts";

const recipeSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  name: z.string().min(1),
  file: z.string().regex(/^[A-Za-z0-9._-]+\.gguf$/),
  seed: z.number().int().nonnegative(),
  contextLength: z.number().int().min(512),
  embeddingLength: z.number().int().positive(),
  blockCount: z.number().int().positive(),
  headCount: z.number().int().positive(),
  feedForwardLength: z.number().int().positive(),
  weightScale: z.number().positive(),
  byteTokenScale: z.number().positive(),
  controlTokens: z.array(z.string().min(1)).length(3),
  chatTemplate: z.string().min(1),
  words: z.array(z.string().regex(/^[a-z]+$/)).min(1),
});

export type TinyModelRecipe = z.infer<typeof recipeSchema>;

export const tinyModelRecipe: TinyModelRecipe = recipeSchema.parse(recipeData);

/** The byte-to-character map of GPT-2's byte-level BPE: printable bytes stand for themselves. */
export function byteLevelAlphabet(): string[] {
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  const chars: string[] = [];
  let extra = 0;
  for (let b = 0; b < 256; b++) chars.push(String.fromCodePoint(printable(b) ? b : 256 + extra++));
  return chars;
}

/** Mulberry32: a tiny seeded generator, enough for reproducible weights. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The vocabulary: every byte, then each word with a leading space, then the control tokens. */
export function tinyVocabulary(recipe: TinyModelRecipe = tinyModelRecipe): { tokens: string[]; types: number[] } {
  const space = byteLevelAlphabet()[32]!;
  const tokens = [...byteLevelAlphabet(), ...recipe.words.map((w) => space + w), ...recipe.controlTokens];
  const NORMAL = 1;
  const CONTROL = 3;
  const types = tokens.map((_, i) => (i >= tokens.length - recipe.controlTokens.length ? CONTROL : NORMAL));
  return { tokens, types };
}

/** Builds the whole GGUF file in memory. */
export function buildTinyModel(recipe: TinyModelRecipe = tinyModelRecipe): Buffer {
  const { tokens, types } = tinyVocabulary(recipe);
  const nVocab = tokens.length;
  const nEmbd = recipe.embeddingLength;
  const nFf = recipe.feedForwardLength;
  const random = seededRandom(recipe.seed);
  const uniform = (count: number, scale: number) => {
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = (random() * 2 - 1) * scale;
    return data;
  };
  const ones = (count: number) => new Float32Array(count).fill(1);

  // In the output layer, control tokens get zero rows, so greedy decoding
  // never picks them, and byte tokens get smaller rows than words, so the
  // output reads as words.
  const embeddings = uniform(nVocab * nEmbd, recipe.weightScale);
  const output = uniform(nVocab * nEmbd, recipe.weightScale);
  const firstControl = nVocab - recipe.controlTokens.length;
  for (let t = 0; t < nVocab; t++) {
    const factor = t >= firstControl ? 0 : t < 256 ? recipe.byteTokenScale : 1;
    for (let j = 0; j < nEmbd; j++) output[t * nEmbd + j]! *= factor;
  }
  const tensors: GgufTensor[] = [{ name: "token_embd.weight", dims: [nEmbd, nVocab], data: embeddings }];
  const layerScale = recipe.weightScale / Math.sqrt(nEmbd / 16);
  for (let layer = 0; layer < recipe.blockCount; layer++) {
    const p = `blk.${layer}.`;
    tensors.push(
      { name: `${p}attn_norm.weight`, dims: [nEmbd], data: ones(nEmbd) },
      { name: `${p}attn_q.weight`, dims: [nEmbd, nEmbd], data: uniform(nEmbd * nEmbd, layerScale) },
      { name: `${p}attn_k.weight`, dims: [nEmbd, nEmbd], data: uniform(nEmbd * nEmbd, layerScale) },
      { name: `${p}attn_v.weight`, dims: [nEmbd, nEmbd], data: uniform(nEmbd * nEmbd, layerScale) },
      { name: `${p}attn_output.weight`, dims: [nEmbd, nEmbd], data: uniform(nEmbd * nEmbd, layerScale) },
      { name: `${p}ffn_norm.weight`, dims: [nEmbd], data: ones(nEmbd) },
      { name: `${p}ffn_gate.weight`, dims: [nEmbd, nFf], data: uniform(nEmbd * nFf, layerScale) },
      { name: `${p}ffn_up.weight`, dims: [nEmbd, nFf], data: uniform(nEmbd * nFf, layerScale) },
      { name: `${p}ffn_down.weight`, dims: [nFf, nEmbd], data: uniform(nFf * nEmbd, layerScale) },
    );
  }
  tensors.push(
    { name: "output_norm.weight", dims: [nEmbd], data: ones(nEmbd) },
    { name: "output.weight", dims: [nEmbd, nVocab], data: output },
  );

  return writeGguf({
    metadata: [
      { key: "general.architecture", type: "string", value: "llama" },
      { key: "general.name", type: "string", value: recipe.name },
      { key: "general.file_type", type: "uint32", value: 0 },
      { key: "llama.context_length", type: "uint32", value: recipe.contextLength },
      { key: "llama.embedding_length", type: "uint32", value: nEmbd },
      { key: "llama.block_count", type: "uint32", value: recipe.blockCount },
      { key: "llama.feed_forward_length", type: "uint32", value: nFf },
      { key: "llama.attention.head_count", type: "uint32", value: recipe.headCount },
      { key: "llama.attention.head_count_kv", type: "uint32", value: recipe.headCount },
      { key: "llama.rope.dimension_count", type: "uint32", value: nEmbd / recipe.headCount },
      { key: "llama.rope.freq_base", type: "float32", value: 10000 },
      { key: "llama.attention.layer_norm_rms_epsilon", type: "float32", value: 1e-5 },
      { key: "llama.vocab_size", type: "uint32", value: nVocab },
      ...tokenizerMetadata(tokens, types, recipe),
    ],
    tensors,
  });
}

/**
 * The tokenizer's metadata for a vocabulary that ends with the recipe's
 * control tokens: a byte-level BPE with no merges (every token is whole),
 * `<|endoftext|>` to begin and pad, `<|im_end|>` to end, and ChatML.
 */
export function tokenizerMetadata(tokens: readonly string[], types: readonly number[], recipe: TinyModelRecipe = tinyModelRecipe): GgufValue[] {
  const [endOfText, , imEnd] = recipe.controlTokens.map((t) => tokens.indexOf(t));
  return [
    { key: "tokenizer.ggml.model", type: "string", value: "gpt2" },
    { key: "tokenizer.ggml.pre", type: "string", value: "default" },
    { key: "tokenizer.ggml.tokens", type: "string[]", value: tokens },
    { key: "tokenizer.ggml.token_type", type: "int32[]", value: types },
    { key: "tokenizer.ggml.merges", type: "string[]", value: [] },
    { key: "tokenizer.ggml.bos_token_id", type: "uint32", value: endOfText! },
    { key: "tokenizer.ggml.eos_token_id", type: "uint32", value: imEnd! },
    { key: "tokenizer.ggml.padding_token_id", type: "uint32", value: endOfText! },
    { key: "tokenizer.ggml.add_bos_token", type: "bool", value: false },
    { key: "tokenizer.chat_template", type: "string", value: recipe.chatTemplate },
  ];
}

/** Writes the tiny model into `dir` (atomically) and returns its path. */
export async function writeTinyModel(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, tinyModelRecipe.file);
  writeFileAtomically(path, buildTinyModel());
  return path;
}

if (import.meta.main) {
  parseCommandLine(
    defineCommand({
      name: "model:tiny",
      summary:
        "Writes the tiny demo model (models/carnet-tiny-demo.gguf, about 440 KB) from its recipe: random weights from a fixed seed, " +
        "so the file is the same on every run and machine. It answers gibberish by design; it proves the whole chain works offline. " +
        "npm start makes it by itself when it is missing.",
      examples: [{ run: "", says: "write (or rewrite) the tiny model" }],
    }),
  );
  const modelsDir = fileURLToPath(new URL("../../models/", import.meta.url));
  const started = performance.now();
  const path = await writeTinyModel(modelsDir);
  const ms = Math.round(performance.now() - started);
  console.log(`Wrote ${path} (tiny demo model "${tinyModelRecipe.id}", random weights) in ${ms} ms.`);
}
