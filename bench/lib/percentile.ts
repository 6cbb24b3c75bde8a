/**
 * The p-th percentile of a list of numbers (nearest rank).
 *
 * @example
 * percentile([5, 1, 3], 50) // 3
 */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
