/** A worker thread that checks lesson files (course/lessonFileChecks.ts) and posts the result back: `workerData` is their paths. */
import { parentPort, workerData } from "node:worker_threads";
import { checkLessonFiles } from "../course/lessonFileChecks.ts";

parentPort?.postMessage(checkLessonFiles(workerData as string[]));
