/**
 * A throw-away copy of the repository's tracked files (node_modules linked,
 * not copied), to run the project's commands in and check what they change,
 * and the list of package.json scripts that run a project script.
 *
 * @example
 * const copy = await copyProject();
 * const before = await copy.hashes();
 * const run = await copy.run("src/cli/i18nStatus.ts", ["--strict"]);
 * await copy.remove();
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const nodeBin = join(repoRoot, "node_modules", ".bin", "node");
/** Node 24 from node_modules, as npm scripts run it. */
export const node = existsSync(nodeBin) ? nodeBin : process.execPath;

/** Scripts of package.json that run one of the project's own files: name → file. */
export function projectScripts(): Map<string, string> {
  const { scripts } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const found = new Map<string, string>();
  for (const [name, command] of Object.entries(scripts)) {
    const match = /^node ((?:src|bench)\/[\w./-]+\.ts)$/.exec(command.trim());
    if (match) found.set(name, match[1]!);
  }
  return found;
}

export type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** An environment without colour or CI settings inherited from the test runner. */
export function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: `${dirname(node)}:${process.env.PATH ?? ""}`, HOME: process.env.HOME, LANG: "C.UTF-8" };
  return { ...env, ...extra };
}

export type ProjectCopy = {
  dir: string;
  /** Runs `node <file> ...args` in the copy; `onStart` gets the child, e.g. to send it a signal. */
  run: (file: string, args: readonly string[], options?: { env?: NodeJS.ProcessEnv; onStart?: (child: ChildProcess) => void }) => Promise<Run>;
  /** sha256 of every file in the copy, by relative path (node_modules left out). */
  hashes: () => Promise<Map<string, string>>;
  remove: () => Promise<void>;
};

async function walk(dir: string, root: string, into: Map<string, string>): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.name === "node_modules" && dir === root) continue;
    if (entry.isDirectory()) await walk(path, root, into);
    else
      into.set(
        relative(root, path),
        createHash("sha256")
          .update(await readFile(path))
          .digest("hex"),
      );
  }
}

export async function copyProject(): Promise<ProjectCopy> {
  const dir = await mkdtemp(join(tmpdir(), "carnet-cli-"));
  const files = execFileSync("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(repoRoot, file))) continue;
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await cp(join(repoRoot, file), join(dir, file));
  }
  await symlink(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  return {
    dir,
    run: (file, args, options = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn(node, [file, ...args], { cwd: dir, env: options.env ?? plainEnv(), stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
        child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
        child.once("error", reject);
        child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
        options.onStart?.(child);
      }),
    hashes: async () => {
      const found = new Map<string, string>();
      await walk(dir, dir, found);
      return found;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
