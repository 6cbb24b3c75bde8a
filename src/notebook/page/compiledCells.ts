/**
 * The page's side of the build's compiled cells
 * (notebook/compiledCellData.ts): the lesson's file, named by the page's
 * `data-compiled-cells`, fetched once when the reader first shows intent to
 * run something. Whatever goes wrong (no file, no network, not JSON) gives
 * no entries: the cells then compile in the browser, as edited code does.
 *
 * @example
 * const compiled = await fetchCompiledCells(document);
 * compiled.get("greeting") // { hash: "20:…", compiled: { ok: true, body: "…", … } }
 */
import type { CompiledSource } from "../protocol.ts";
import { fetchJsonObject } from "./fetchJsonObject.ts";

/** One cell's entry: its code's fingerprint (sourceHash.ts) and the build's compiled form of that code. */
export interface BuildCompiled {
  hash?: string;
  compiled?: CompiledSource;
}

export type CompiledCells = ReadonlyMap<string, BuildCompiled>;

export async function fetchCompiledCells(doc: Document): Promise<CompiledCells> {
  const data = await fetchJsonObject(doc.querySelector<HTMLElement>("[data-compiled-cells]")?.dataset.compiledCells);
  return new Map(Object.entries((data ?? {}) as Record<string, BuildCompiled>));
}
