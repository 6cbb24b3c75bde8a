import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CellRunner } from "../../../src/notebook/page/cellRunner.ts";
import { pageTranslator } from "../../../src/i18n/pageTranslator.ts";
import type { RunHandlers } from "../../../src/notebook/page/kernelClient.ts";
import type { CellNames } from "../../../src/notebook/protocol.ts";

type Inputs = ConstructorParameters<typeof CellRunner>[0];

const en = JSON.parse(readFileSync(new URL("../../../locales/en.json", import.meta.url), "utf8")) as { notebook: unknown };
const t = pageTranslator("en", { notebook: en.notebook }, "notebook");

/** A kernel that runs each cell at once: a cell listed in `failing` throws; `stopDuring` is stopped while it runs. */
class FakeKernel {
  busy = false;
  currentGeneration = 0;
  stops = 0;
  prepared = 0;
  readonly ran: string[] = [];
  readonly failing = new Set<string>();
  stopDuring: string | undefined;
  private readonly names: Map<string, CellNames>;

  constructor(names: Map<string, CellNames>) {
    this.names = names;
  }
  run(cell: string, _code: string, handlers: RunHandlers): number {
    this.ran.push(cell);
    queueMicrotask(() => {
      handlers.started?.();
      if (this.stopDuring === cell) {
        this.stop();
        handlers.done({ ok: false, stopped: true, ms: 1 });
      } else if (this.failing.has(cell)) {
        handlers.done({ ok: false, error: { name: "Error", message: "no" }, ms: 1 } as never);
      } else {
        handlers.done({ ok: true, ms: 1, compiledBy: "build" });
      }
    });
    return this.ran.length;
  }
  analyze(code: string): Promise<CellNames> {
    return Promise.resolve(this.names.get(code) ?? { names: [], uses: [] });
  }
  prepare(): void {
    this.prepared++;
  }
  stop(): void {
    this.stops++;
    this.currentGeneration++;
  }
  expand(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
}

/** Cells whose code is their id; each keeps what the runner showed on it. */
function notebook(cells: Record<string, CellNames>) {
  const names = new Map(Object.entries(cells));
  const kernel = new FakeKernel(names);
  const views = Object.keys(cells).map((id) => {
    const shown: string[] = [];
    return {
      id,
      code: id,
      compiled: undefined,
      names: undefined,
      shown,
      save: () => {},
      queued: () => shown.push("queued"),
      started: (count: number) => shown.push(`started ${count}`),
      notice: (text: string) => shown.push(`notice ${text}`),
      append: () => {},
      dropped: () => {},
      finished: (result: { ok: boolean }) => shown.push(result.ok ? "done" : "failed"),
      stopped: (wasRunning: boolean) => shown.push(`stopped ${wasRunning}`),
      blocked: (text: string) => shown.push(`blocked ${text}`),
      markStale: () => shown.push("stale"),
    };
  });
  const announced: string[] = [];
  const bar = { cellStarted: () => {}, stopFollowsKernel: () => {}, announce: (text: string) => announced.push(text) };
  const runner = new CellRunner({ kernel, cells: views, bar, t, locale: "en" } as unknown as Inputs);
  return { kernel, views, announced, runner };
}

describe("the notebook's cell runner", () => {
  it("runs the earlier cell a cell needs first, says so, and does not run it again while its run stands", async () => {
    const { kernel, views, runner } = notebook({ a: { names: ["x"], uses: [] }, b: { names: [], uses: ["x"] } });
    assert.equal(await runner.runWithPrerequisites(views[1] as never), true);
    assert.deepEqual(kernel.ran, ["a", "b"]);
    assert.deepEqual(views[1]!.shown, ["queued", "started 2", `notice ${t("ranFirst", { cell: "a", names: "`x`" })}`, "done"]);
    assert.equal(await runner.runWithPrerequisites(views[1] as never), true);
    assert.deepEqual(kernel.ran, ["a", "b", "b"]);
  });

  it("does not run a cell whose needed cell fails, and names the cell to fix", async () => {
    const { kernel, views, runner } = notebook({ a: { names: ["x"], uses: [] }, b: { names: [], uses: ["x"] } });
    kernel.failing.add("a");
    assert.equal(await runner.runWithPrerequisites(views[1] as never), false);
    assert.deepEqual(kernel.ran, ["a"]);
    assert.deepEqual(views[1]!.shown, ["queued", `blocked ${t("prerequisiteFailed", { cell: "a", names: "`x`" })}`]);
  });

  it("marks the cell stopped, not blocked, when Stop came while its needed cell ran", async () => {
    const { kernel, views, runner } = notebook({ a: { names: ["x"], uses: [] }, b: { names: [], uses: ["x"] } });
    kernel.stopDuring = "a";
    assert.equal(await runner.runWithPrerequisites(views[1] as never), false);
    assert.deepEqual(views[0]!.shown, ["started 1", "stopped true"]);
    assert.deepEqual(views[1]!.shown, ["queued", "stopped false"]);
  });

  it("Run all runs the cells in order up to the first that fails", async () => {
    const { kernel, runner } = notebook({ a: { names: [], uses: [] }, b: { names: [], uses: [] }, c: { names: [], uses: [] } });
    kernel.failing.add("b");
    await runner.runAll();
    assert.deepEqual(kernel.ran, ["a", "b"]);
  });

  it("Stop and Restart forget what ran and mark every cell stale; Stop is announced only when something ran", async () => {
    const { kernel, views, announced, runner } = notebook({ a: { names: ["x"], uses: [] }, b: { names: [], uses: ["x"] } });
    await runner.runWithPrerequisites(views[1] as never);
    runner.stop();
    assert.deepEqual(announced, []);
    assert.equal(kernel.stops, 1);
    assert.ok(views.every((v) => v.shown.at(-1) === "stale"));
    await runner.runWithPrerequisites(views[1] as never);
    assert.deepEqual(kernel.ran, ["a", "b", "a", "b"], "the needed cell runs again in the new kernel");
    kernel.busy = true;
    runner.stop();
    runner.restart();
    assert.deepEqual(announced, [t("stoppedAnnouncement"), t("restartedAnnouncement")]);
    assert.equal(kernel.stops, 3);
  });

  it("asks for the compiler once per kernel", () => {
    const { kernel, runner } = notebook({ a: { names: [], uses: [] } });
    kernel.currentGeneration = 1;
    runner.prepareCompiler();
    runner.prepareCompiler();
    assert.equal(kernel.prepared, 1);
    runner.stop();
    runner.prepareCompiler();
    assert.equal(kernel.prepared, 2);
  });
});
