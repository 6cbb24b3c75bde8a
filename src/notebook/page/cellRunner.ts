/**
 * Runs a lesson's cells in the page's kernel: one cell (with the earlier
 * cells it needs, see prerequisites.ts), every cell in order (Run all stops
 * at the first error), Stop and Restart. It remembers the code each cell
 * last ran without error in the current kernel, so a prerequisite that
 * already ran with its current code is not run again, and numbers the runs
 * as the execution counts the cells show.
 *
 * @example
 * const runner = new CellRunner({ kernel, cells, bar, t, locale: "fr" });
 * await runner.runWithPrerequisites(cells[2]!); // true when the cell finished without error
 */
import type { CellView } from "./cellView.ts";
import type { KernelClient } from "./kernelClient.ts";
import type { NotebookBar } from "./notebookBar.ts";
import type { Expander } from "./outputView.ts";
import { planPrerequisites } from "./prerequisites.ts";
import type { Strings } from "./strings.ts";

/** What the runner uses of the kernel, a cell and the bar. */
type RunnerKernel = Pick<KernelClient, "busy" | "currentGeneration" | "run" | "analyze" | "prepare" | "stop" | "expand">;
type RunnerCell = Pick<
  CellView,
  "id" | "code" | "compiled" | "names" | "save" | "queued" | "started" | "notice" | "append" | "dropped" | "finished" | "stopped" | "blocked" | "markStale"
>;
type RunnerBar = Pick<NotebookBar, "cellStarted" | "stopFollowsKernel" | "announce">;

interface CellRunnerInputs {
  kernel: RunnerKernel;
  /** The page's cells, in the lesson's order. */
  cells: readonly RunnerCell[];
  bar: RunnerBar;
  t: Strings;
  /** The page's language, for lists of names ("`a`, `b` and `c`"). */
  locale: string;
}

/** Object values of a run are read from the kernel generation that made them. */
export function expanderFor(kernel: Pick<KernelClient, "expand">, generation: number): Expander {
  return (ref, from) => kernel.expand(generation, ref, from);
}

export class CellRunner {
  private readonly kernel: RunnerKernel;
  private readonly cells: readonly RunnerCell[];
  private readonly bar: RunnerBar;
  private readonly t: Strings;
  private readonly locale: string;
  /** Made when first needed: a page's first Intl object of a language takes tens of milliseconds, which a first run need not wait for. */
  private names: Intl.ListFormat | undefined;
  /** The last execution count given. */
  private count = 0;
  /** Cells whose run has started and not ended. */
  private readonly running = new Set<RunnerCell>();
  /** The code each cell last ran without error in the current kernel. */
  private readonly ran = new Map<RunnerCell, string>();
  /** The kernel generation whose compiler was asked for. */
  private preparedGeneration = 0;

  constructor({ kernel, cells, bar, t, locale }: CellRunnerInputs) {
    this.kernel = kernel;
    this.cells = cells;
    this.bar = bar;
    this.t = t;
    this.locale = locale;
  }

  /** Has the kernel load its compiler (for edited code), once per kernel. */
  prepareCompiler(): void {
    if (this.preparedGeneration === this.kernel.currentGeneration) return;
    this.kernel.prepare();
    this.preparedGeneration = this.kernel.currentGeneration;
  }

  /** Runs a cell, showing `notes` above its output; resolves true when it finished without error. */
  run(cell: RunnerCell, notes: string[] = []): Promise<boolean> {
    cell.save();
    // Marked as queued only when it has to wait: an idle kernel starts it at once.
    if (this.kernel.busy) cell.queued();
    const code = cell.code;
    return new Promise((resolve) => {
      const generation = this.kernel.currentGeneration;
      this.kernel.run(
        cell.id,
        code,
        {
          started: () => {
            this.running.add(cell);
            cell.started(++this.count, expanderFor(this.kernel, generation));
            for (const note of notes) cell.notice(note);
            this.bar.cellStarted();
          },
          output: (items, late) => cell.append(items, late),
          dropped: (n) => cell.dropped(n),
          done: (result) => {
            const wasRunning = this.running.delete(cell);
            if ("stopped" in result) {
              cell.stopped(wasRunning);
              resolve(false);
            } else {
              cell.finished(result);
              if (result.ok && generation === this.kernel.currentGeneration) this.ran.set(cell, code);
              else this.ran.delete(cell);
              resolve(result.ok);
            }
            this.bar.stopFollowsKernel();
          },
        },
        cell.compiled,
      );
    });
  }

  /** Runs the earlier cells `cell` needs (see prerequisites.ts), then the cell; stops at a failing one. */
  async runWithPrerequisites(cell: RunnerCell): Promise<boolean> {
    const { cells, kernel, t } = this;
    const index = cells.indexOf(cell);
    const known = await Promise.all(cells.slice(0, index + 1).map((c) => c.names ?? kernel.analyze(c.code)));
    const plan = planPrerequisites(known.map((n, i) => ({ ...n, ran: this.ran.get(cells[i]!) === cells[i]!.code })), index);
    if (plan.length === 0) return this.run(cell);
    cell.queued();
    const generation = kernel.currentGeneration;
    for (const { index: before, provides } of plan) {
      if (await this.run(cells[before]!)) continue;
      // Stopped meanwhile: the cell did not run; otherwise the needed cell failed.
      if (generation !== kernel.currentGeneration) cell.stopped(false);
      else cell.blocked(t("prerequisiteFailed", { cell: cells[before]!.id, names: this.listed(provides) }));
      return false;
    }
    return this.run(cell, plan.map(({ index: before, provides }) => t("ranFirst", { cell: cells[before]!.id, names: this.listed(provides) })));
  }

  /** Runs every cell in order, as written, up to the first that fails or is stopped. */
  async runAll(): Promise<void> {
    for (const cell of this.cells) {
      if (!(await this.run(cell))) break;
    }
  }

  /** Stops the kernel (it restarts fresh); announced only when something was running. */
  stop(): void {
    const wasBusy = this.kernel.busy;
    this.forgetRuns();
    if (wasBusy) this.bar.announce(this.t("stoppedAnnouncement"));
  }

  /** A fresh kernel, announced. */
  restart(): void {
    this.forgetRuns();
    this.bar.announce(this.t("restartedAnnouncement"));
  }

  private forgetRuns(): void {
    this.ran.clear();
    this.kernel.stop();
    for (const cell of this.cells) cell.markStale();
  }

  private listed(provides: string[]): string {
    this.names ??= new Intl.ListFormat(this.locale, { type: "conjunction" });
    return this.names.format(provides.map((name) => `\`${name}\``));
  }
}
