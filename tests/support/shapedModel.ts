/**
 * A random-weight GGUF with the shape and size of the catalogue's SmolLM2
 * 360M Instruct in 8 bits (960 wide, 32 blocks, 15 heads of which 5 for
 * keys and values, FFN 2560, a 49,152-token vocabulary, tied embeddings,
 * Q8_0): about 386 MB, like the real file, for tests and benchmarks of
 * real-size downloads and loads. Written into a folder the caller gives (a
 * temp folder: never kept in git). Its answers are noise; its size, layout
 * and cost to load are the real model's.
 *
 * @example
 * const model = writeShapedModel(mkdtempSync(join(tmpdir(), "carnet-shaped-")));
 * model.bytes // 385,7xx,xxx
 */
import { createHash, randomFillSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Q8_0_BLOCK_BYTES, writeGguf, type GgufTensor } from "../../src/cli/ggufWriter.ts";
import { byteLevelAlphabet, tinyModelRecipe, tokenizerMetadata } from "../../src/cli/tinyModel.ts";

const SHAPE = { embedding: 960, blocks: 32, heads: 15, kvHeads: 5, feedForward: 2560, vocabulary: 49_152, context: 8192 };

export interface ShapedModel {
  path: string;
  bytes: number;
  sha256: string;
}

/** Q8_0 blocks of random int8 weights, each with a small f16 scale (1/256), for `count` weights. */
function randomQ8(count: number): Uint8Array {
  const blocks = count / 32;
  const bytes = new Uint8Array(blocks * Q8_0_BLOCK_BYTES);
  randomFillSync(bytes);
  for (let b = 0; b < blocks; b++) {
    // f16 0x1c00 = 2^-8, little-endian.
    bytes[b * Q8_0_BLOCK_BYTES] = 0x00;
    bytes[b * Q8_0_BLOCK_BYTES + 1] = 0x1c;
  }
  return bytes;
}

/** Every byte, the tiny model's words, made-up words up to the vocabulary's size, then ChatML's control tokens. */
function vocabulary(): { tokens: string[]; types: number[] } {
  const space = byteLevelAlphabet()[32]!;
  const controls = tinyModelRecipe.controlTokens;
  const tokens = [...byteLevelAlphabet(), ...tinyModelRecipe.words.map((w) => space + w)];
  for (let i = 0; tokens.length < SHAPE.vocabulary - controls.length; i++) tokens.push(`${space}w_${i}`);
  tokens.push(...controls);
  return { tokens, types: tokens.map((_, i) => (i >= tokens.length - controls.length ? 3 : 1)) };
}

export function writeShapedModel(dir: string): ShapedModel {
  const { embedding: n, feedForward: ff, kvHeads, heads } = SHAPE;
  const kv = (n / heads) * kvHeads;
  const { tokens, types } = vocabulary();
  const ones = (count: number) => new Float32Array(count).fill(1);
  const q8 = (name: string, dims: [number, number]): GgufTensor => ({ name, dims, q8_0: randomQ8(dims[0] * dims[1]) });
  const tensors: GgufTensor[] = [q8("token_embd.weight", [n, tokens.length])];
  for (let layer = 0; layer < SHAPE.blocks; layer++) {
    const p = `blk.${layer}.`;
    tensors.push(
      { name: `${p}attn_norm.weight`, dims: [n], data: ones(n) },
      q8(`${p}attn_q.weight`, [n, n]),
      q8(`${p}attn_k.weight`, [n, kv]),
      q8(`${p}attn_v.weight`, [n, kv]),
      q8(`${p}attn_output.weight`, [n, n]),
      { name: `${p}ffn_norm.weight`, dims: [n], data: ones(n) },
      q8(`${p}ffn_gate.weight`, [n, ff]),
      q8(`${p}ffn_up.weight`, [n, ff]),
      q8(`${p}ffn_down.weight`, [ff, n]),
    );
  }
  tensors.push({ name: "output_norm.weight", dims: [n], data: ones(n) });
  const file = writeGguf({
    metadata: [
      { key: "general.architecture", type: "string", value: "llama" },
      { key: "general.name", type: "string", value: "Random weights shaped like SmolLM2 360M Instruct (Q8_0)" },
      { key: "general.file_type", type: "uint32", value: 7 },
      { key: "llama.context_length", type: "uint32", value: SHAPE.context },
      { key: "llama.embedding_length", type: "uint32", value: n },
      { key: "llama.block_count", type: "uint32", value: SHAPE.blocks },
      { key: "llama.feed_forward_length", type: "uint32", value: ff },
      { key: "llama.attention.head_count", type: "uint32", value: heads },
      { key: "llama.attention.head_count_kv", type: "uint32", value: kvHeads },
      { key: "llama.rope.dimension_count", type: "uint32", value: n / heads },
      { key: "llama.rope.freq_base", type: "float32", value: 100000 },
      { key: "llama.attention.layer_norm_rms_epsilon", type: "float32", value: 1e-5 },
      { key: "llama.vocab_size", type: "uint32", value: tokens.length },
      ...tokenizerMetadata(tokens, types),
    ],
    tensors,
  });
  const path = join(dir, "smollm2-360m-shaped-q8_0.gguf");
  writeFileSync(path, file);
  return { path, bytes: file.length, sha256: createHash("sha256").update(file).digest("hex") };
}
