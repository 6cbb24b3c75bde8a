/**
 * Outputs recorded from real runs of a lesson's cells, kept in
 * `content/lessons/<lesson>/recorded.json` by `npm run record`: per locale
 * and cell, the text, when, and what ran it (and the model and backend
 * when a model answered). Shown, marked as recorded, until the reader runs
 * the cell.
 */
import { z } from "zod";

const recordedOutputSchema = z.object({
  text: z.string(),
  date: z.iso.date(),
  /** What ran the cell, e.g. "Carnet notebook kernel, Chromium 156". */
  runner: z.string(),
  model: z.string().optional(),
  backend: z.string().optional(),
});

export const recordedFileSchema = z.object({
  recorded: z.record(z.string(), z.record(z.string(), recordedOutputSchema)),
});

export type RecordedOutput = z.infer<typeof recordedOutputSchema>;
export type RecordedFile = z.infer<typeof recordedFileSchema>;
