/** How a token is drawn from the model's distribution when probabilities are reported: top-k 40, then top_p, then temperature. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Token } from "node-llama-cpp";
import { drawToken } from "../../../src/server/tokenProbabilities.ts";

const N = 10_000;

/** How often each token is drawn when the random numbers cover [0, 1) evenly, N of them. */
function shares(probabilities: number[], options: { temperature: number; topP: number }): number[] {
  const map = new Map(probabilities.map((p, i) => [i as Token, p]));
  const counts = probabilities.map(() => 0);
  for (let i = 0; i < N; i++) {
    const r = (i + 0.5) / N;
    counts[drawToken(map, options, () => r)]!++;
  }
  return counts.map((count) => count / N);
}

function close(actual: number[], expected: number[]): void {
  actual.forEach((share, i) => assert.ok(Math.abs(share - expected[i]!) < 2 / N, `token ${i}: ${share} ≈ ${expected[i]}`));
}

test("at temperature 1 with top_p 1, tokens are drawn in proportion to their probabilities", () => {
  close(shares([0.5, 0.3, 0.2], { temperature: 1, topP: 1 }), [0.5, 0.3, 0.2]);
});

test("top_p keeps the fewest most likely tokens that reach it, renormalized", () => {
  close(shares([0.5, 0.3, 0.2], { temperature: 1, topP: 0.7 }), [0.625, 0.375, 0]);
  close(shares([0.5, 0.3, 0.2], { temperature: 1, topP: 0 }), [1, 0, 0]);
});

test("temperature sharpens or flattens the distribution", () => {
  const flat = [0.5, 0.3, 0.2].map(Math.sqrt);
  const sum = flat.reduce((a, b) => a + b, 0);
  close(shares([0.5, 0.3, 0.2], { temperature: 2, topP: 1 }), flat.map((w) => w / sum));
  const sharp = shares([0.5, 0.3, 0.2], { temperature: 0.05, topP: 1 });
  assert.ok(sharp[0]! > 0.99, `a low temperature almost always takes the most likely token (${sharp[0]})`);
});

test("only the 40 most likely tokens can be drawn", () => {
  const drawn = shares(Array.from({ length: 50 }, () => 1 / 50), { temperature: 1, topP: 1 });
  assert.ok(drawn.slice(0, 40).every((share) => share > 0));
  assert.ok(drawn.slice(40).every((share) => share === 0));
});
