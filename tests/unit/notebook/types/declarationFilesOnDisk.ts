/**
 * The language service's declaration files read from node_modules, the same
 * set `src/notebook/types/declarationFiles.ts` bundles for the browser.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { KERNEL_GLOBALS, LIB_DIR } from "../../../../src/notebook/types/notebookService.ts";

const root = join(import.meta.dirname, "../../../..");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

export function declarationFilesOnDisk(): Map<string, string> {
  const files = new Map<string, string>();
  const libDir = join(root, "node_modules/typescript/lib");
  const wanted = /^lib\.(es5|es20(1[5-9]|2[0-4])(\..*)?|decorators.*|webworker.*)\.d\.ts$/;
  for (const name of readdirSync(libDir)) {
    if (wanted.test(name) && !name.includes(".full.")) files.set(`${LIB_DIR}${name}`, readFileSync(join(libDir, name), "utf8"));
  }
  for (const pkg of ["@huggingface/inference", "@huggingface/tasks"]) {
    for (const path of walk(join(root, "node_modules", pkg, "dist/esm"))) {
      if (path.endsWith(".d.ts")) files.set(`/${relative(root, path)}`, readFileSync(path, "utf8"));
    }
  }
  files.set(KERNEL_GLOBALS, readFileSync(join(root, "src/notebook/types/kernelGlobals.d.ts.txt"), "utf8"));
  return files;
}
