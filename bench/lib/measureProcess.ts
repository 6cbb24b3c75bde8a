/**
 * Runs a command and measures its wall time and the peak resident memory
 * of its whole process tree (sampled from /proc every 50 ms).
 *
 * @example
 * const { seconds, peakMiB } = await measureProcess("npx", ["astro", "build"], { cwd });
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export interface Measured {
  seconds: number;
  peakMiB: number;
  code: number | null;
  output: string;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Resident memory of a process and all its descendants, in KiB. */
function treeRssKiB(pid: number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      if (match) total += Number(match[1]);
    } catch {
      continue;
    }
    stack.push(...childrenOf(p));
  }
  return total;
}

export function measureProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid) peak = Math.max(peak, treeRssKiB(child.pid));
    }, 50);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({ seconds: (performance.now() - started) / 1000, peakMiB: peak / 1024, code, output });
    });
  });
}

