/**
 * Where the build's early lesson checks (build/earlyLessonChecks.ts, run in
 * a worker thread while Vite bundles) meet the pages that need them
 * (getCourse.ts): one promise on `globalThis`, as pages run from their own
 * copy of the modules. Kept apart from the checks themselves, so the
 * integration that starts them never loads the type checker.
 */
import type { LessonChecks } from "./lessonFileChecks.ts";

const HANDOFF = Symbol.for("carnet.earlyLessonChecks");
type Holder = { [HANDOFF]?: Promise<LessonChecks | undefined> };

/** Hands over the checks the build started (resolving to undefined if they failed). */
export function handOverLessonChecks(checks: Promise<LessonChecks | undefined>): void {
  (globalThis as Holder)[HANDOFF] = checks;
}

/** The checks the build started, or undefined (none started, or they failed: the page's process checks instead). */
export function earlyLessonChecks(): Promise<LessonChecks | undefined> {
  return (globalThis as Holder)[HANDOFF] ?? Promise.resolve(undefined);
}
