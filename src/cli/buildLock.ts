/**
 * One site build at a time per work tree: `npm start` runs in several
 * terminals (or test runs) at once, and two Astro builds writing the same
 * dist/ break each other. The lock is a folder made atomically, holding the
 * owner's pid; a lock whose owner is gone is taken over.
 *
 * @example
 * await withBuildLock("/work/main/.astro/build.lock", async () => { ... });
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function withBuildLock<T>(lockDir: string, work: () => Promise<T>, onWait?: () => void): Promise<T> {
  await mkdir(dirname(lockDir), { recursive: true });
  let told = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(await readFile(join(lockDir, "pid"), "utf8").catch(() => "0"));
      if (owner > 0 && !alive(owner)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!told) {
        onWait?.();
        told = true;
      }
      // Another build is running: look again shortly (it takes tens of seconds).
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
