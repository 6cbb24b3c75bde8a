/**
 * Time limits for the browser tests that grow with how busy the machine is.
 * A limit only stops a test that would otherwise wait forever; it must never
 * fail a correct run because other work shares the cores. The factor is read
 * once, when Playwright loads its config (load average per core, from 1 to 8),
 * and passed to the test workers through the environment.
 */
import { availableParallelism, loadavg } from "node:os";

function measuredFactor(): number {
  const perCore = loadavg()[0]! / availableParallelism();
  return Math.min(8, Math.max(1, perCore));
}

const given = Number(process.env.E2E_BUSY_FACTOR);
/** How much longer than on a quiet machine a test may take. */
const busyFactor = Number.isFinite(given) && given >= 1 ? given : measuredFactor();
process.env.E2E_BUSY_FACTOR = String(busyFactor);

/** A limit of `ms` on a quiet machine, scaled by how busy this one is. */
export function limit(ms: number): number {
  return Math.round(ms * busyFactor);
}
