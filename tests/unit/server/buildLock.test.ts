/** The build lock: one holder at a time; a lock left by a dead process is taken over. */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { withBuildLock } from "../../../src/cli/buildLock.ts";

test("a second holder waits until the first is done", async () => {
  const dir = await mkdtemp(join(tmpdir(), "carnet-lock-"));
  const lock = join(dir, "build.lock");
  const order: string[] = [];
  let releaseFirst!: () => void;
  const firstMayEnd = new Promise<void>((resolve) => (releaseFirst = resolve));
  let firstHolds!: () => void;
  const firstHolding = new Promise<void>((resolve) => (firstHolds = resolve));
  let secondWaits!: () => void;
  const secondWaiting = new Promise<void>((resolve) => (secondWaits = resolve));
  try {
    const first = withBuildLock(lock, async () => {
      order.push("first start");
      firstHolds();
      await firstMayEnd;
      order.push("first end");
    });
    await firstHolding;
    const second = withBuildLock(lock, async () => void order.push("second"), secondWaits);
    await secondWaiting;
    releaseFirst();
    await Promise.all([first, second]);
    assert.deepEqual(order, ["first start", "first end", "second"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a lock whose owner is gone is taken over", async () => {
  const dir = await mkdtemp(join(tmpdir(), "carnet-lock-"));
  const lock = join(dir, "build.lock");
  try {
    await mkdir(lock);
    await writeFile(join(lock, "pid"), "2147483646");
    assert.equal(await withBuildLock(lock, async () => "ran"), "ran");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
