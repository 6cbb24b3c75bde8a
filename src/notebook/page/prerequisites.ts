/**
 * Which earlier cells a cell needs before it runs: for each name it uses
 * and does not declare, an earlier cell declaring it, unless one such cell
 * already ran with its current code in this kernel (then the name exists).
 * The nearest earlier declaring cell is chosen, and its own needs are
 * followed the same way. Only earlier cells count, so the chain always
 * ends: there can be no cycle. A name no earlier cell declares is left to
 * the run (a global, or the usual ReferenceError).
 *
 * @example
 * planPrerequisites([
 *   { names: ["client"], uses: [], ran: false },
 *   { names: [], uses: ["client", "console"], ran: false },
 * ], 1)
 * // [{ index: 0, provides: ["client"] }]
 */
import type { CellNames } from "../protocol.ts";

export interface CellState extends CellNames {
  /** Whether it ran, without error and with its current code, in the current kernel. */
  ran: boolean;
}

export interface Prerequisite {
  index: number;
  /** The names it declares that a later cell of the plan needs, in the order it declares them. */
  provides: string[];
}

/** The cells to run before `cells[target]`, in page order. */
export function planPrerequisites(cells: readonly CellState[], target: number): Prerequisite[] {
  const needed = new Map<number, string[]>();
  const pending = [target];
  while (pending.length > 0) {
    const index = pending.pop()!;
    const cell = cells[index]!;
    for (const name of cell.uses) {
      if (cell.names.includes(name)) continue;
      let nearest = -1;
      let satisfied = false;
      for (let k = index - 1; k >= 0; k--) {
        if (!cells[k]!.names.includes(name)) continue;
        if (cells[k]!.ran) satisfied = true;
        if (nearest === -1) nearest = k;
      }
      if (satisfied || nearest === -1) continue;
      const provides = needed.get(nearest);
      if (provides) {
        if (!provides.includes(name)) provides.push(name);
      } else {
        needed.set(nearest, [name]);
        pending.push(nearest);
      }
    }
  }
  return [...needed]
    .sort(([a], [b]) => a - b)
    .map(([index, provides]) => ({ index, provides: cells[index]!.names.filter((name) => provides.includes(name)) }));
}
