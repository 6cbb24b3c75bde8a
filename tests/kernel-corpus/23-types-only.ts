interface Point { x: number; y: number }
type Pair<T> = [T, T];
import type { Unused } from "./nowhere.ts";
const p: Point = { x: 1, y: 2 };
const pair: Pair<string> = ["a", "b"];
// %% cell
function first<T>(items: readonly T[]): T | undefined { return items[0]; }
console.log(first<number>([3, 4]), p, pair);
