/** The tiny demo model: a valid GGUF, identical on every run, loadable by node-llama-cpp. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gguf } from "@huggingface/gguf";
import { buildTinyModel, tinyModelRecipe, tinyVocabulary, writeTinyModel } from "../../../src/cli/tinyModel.ts";

test("two runs write byte-identical files", async () => {
  const a = await mkdtemp(join(tmpdir(), "carnet-tiny-a-"));
  const b = await mkdtemp(join(tmpdir(), "carnet-tiny-b-"));
  try {
    const hash = async (path: string) => createHash("sha256").update(await readFile(path)).digest("hex");
    const first = await writeTinyModel(a);
    const second = await writeTinyModel(b);
    assert.equal(await hash(first), await hash(second));
    assert.ok(buildTinyModel().equals(await readFile(first)), "the in-memory build matches the file");
  } finally {
    await rm(a, { recursive: true, force: true });
    await rm(b, { recursive: true, force: true });
  }
});

test("@huggingface/gguf parses it: llama, F32, the recipe's shape, ChatML template", async () => {
  const dir = await mkdtemp(join(tmpdir(), "carnet-tiny-"));
  try {
    const path = await writeTinyModel(dir);
    const { metadata, tensorInfos } = await gguf(path, { allowLocalFile: true });
    assert.equal(metadata.version, 3);
    assert.equal(metadata["general.architecture"], "llama");
    assert.match(String(metadata["general.name"]), /tiny demo/i);
    assert.equal(metadata["llama.embedding_length"], tinyModelRecipe.embeddingLength);
    assert.equal(metadata["llama.block_count"], tinyModelRecipe.blockCount);
    assert.equal(metadata["llama.context_length"], tinyModelRecipe.contextLength);
    assert.equal(metadata["tokenizer.ggml.model"], "gpt2");
    const tokens = metadata["tokenizer.ggml.tokens"] as string[];
    assert.deepEqual(tokens, tinyVocabulary().tokens);
    for (const control of ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]) assert.ok(tokens.includes(control), control);
    assert.match(String(metadata["tokenizer.chat_template"]), /<\|im_start\|>/);
    assert.equal(tensorInfos.length, 2 + 9 * tinyModelRecipe.blockCount + 1);
    assert.ok(tensorInfos.every((t) => t.dtype === 0), "all tensors are F32");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
