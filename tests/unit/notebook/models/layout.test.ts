/**
 * The notebook's code is split by where it runs: `kernel/` and
 * `models/kernel/` in the kernel's worker, `page/` and `models/page/` in
 * the page, `models/shared/` and `protocol.ts` in both. Neither side
 * imports the other, the shared code imports neither, and no import cycle
 * exists anywhere under src/. Imports are read with TypeScript's own
 * pre-processor (static, `import type`, dynamic `import()` and re-exports).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const src = join(root, "src");

/** Every TypeScript file under src/, as a path from the repository's root ("src/notebook/…"), with the files it imports by relative path. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
  for (const file of files) {
    const path = join(src, file);
    const { importedFiles } = ts.preProcessFile(readFileSync(path, "utf8"), true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName.replace(/\?.*$/, ""))
      .filter((name) => name.startsWith("./") || name.startsWith("../"))
      .map((name) => relative(root, normalize(join(dirname(path), name))).replaceAll("\\", "/"));
    graph.set(relative(root, path).replaceAll("\\", "/"), targets);
  }
  return graph;
}

/** The cycles of `graph`, each as the files on it (strongly connected groups of more than one file, or a file importing itself). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || graph.get(file)!.includes(file)) found.push(group.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

type Side = "kernel" | "page" | "shared";

function side(file: string): Side | undefined {
  if (/^src\/notebook\/(models\/)?kernel\//.test(file)) return "kernel";
  if (/^src\/notebook\/(models\/)?page\//.test(file)) return "page";
  if (file.startsWith("src/notebook/models/shared/") || file === "src/notebook/protocol.ts") return "shared";
  return undefined;
}

/** Which sides each side may import. */
const ALLOWED: Record<Side, readonly Side[]> = { kernel: ["kernel", "shared"], page: ["page", "shared"], shared: ["shared"] };

describe("the notebook's layout", () => {
  const graph = importGraph();

  test("the import graph is read (the check sees the files it is about)", () => {
    assert.ok(graph.has("src/notebook/models/shared/backend.ts"));
    assert.ok(graph.get("src/notebook/models/kernel/routedInference.ts")!.includes("src/notebook/models/shared/backends.ts"));
    // A dynamic import counts too.
    assert.ok(graph.get("src/notebook/page/kernelClient.ts")!.includes("src/notebook/models/page/browser/engineHost.ts"));
  });

  test("no import cycle under src/", () => {
    assert.deepEqual(cycles(graph), []);
  });

  test("the cycle finder finds a cycle when there is one", () => {
    const looped = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
    assert.deepEqual(cycles(looped), [["a", "b", "c"]]);
  });

  test("the worker's code and the page's code never import each other; shared code imports neither", () => {
    const crossing: string[] = [];
    for (const [file, targets] of graph) {
      const from = side(file);
      if (!from) continue;
      for (const target of targets) {
        const to = side(target);
        if (to && !ALLOWED[from].includes(to)) crossing.push(`${file} → ${target}`);
      }
    }
    assert.deepEqual(crossing, []);
  });

  test("models/ has only the three folders", () => {
    const top = readdirSync(join(src, "notebook/models"), { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
    assert.deepEqual(top, ["kernel/", "page/", "shared/"]);
  });
});
