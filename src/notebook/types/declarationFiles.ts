/**
 * The declaration files the language service reads, bundled into its worker
 * as text: TypeScript's own libs for a Web Worker (where the kernel runs
 * cells), the kernel's globals, and `@huggingface/inference`'s `.d.ts` with
 * those of `@huggingface/tasks` it imports, at the versions the kernel runs.
 * TypeScript's messages in other languages are separate assets, fetched
 * only for the page's language.
 *
 * @example
 * const files = declarationFiles(); // Map { "/lib/lib.es5.d.ts" => "...", ... }
 * const url = diagnosticMessagesUrl("fr"); // "/_astro/diagnosticMessages.generated.<hash>.json"
 */
import kernelGlobals from "./kernelGlobals.d.ts.txt?raw";
import { KERNEL_GLOBALS, LIB_DIR } from "./notebookService.ts";

const libs = import.meta.glob<string>(
  [
    "/node_modules/typescript/lib/lib.es5.d.ts",
    "/node_modules/typescript/lib/lib.es20{15,16,17,18,19,20,21,22,23,24}*.d.ts",
    "/node_modules/typescript/lib/lib.decorators*.d.ts",
    "/node_modules/typescript/lib/lib.webworker*.d.ts",
    "!**/*.full.d.ts",
  ],
  { query: "?raw", import: "default", eager: true },
);

const packages = import.meta.glob<string>(
  ["/node_modules/@huggingface/inference/dist/esm/**/*.d.ts", "/node_modules/@huggingface/tasks/dist/esm/**/*.d.ts"],
  { query: "?raw", import: "default", eager: true },
);

const messages = import.meta.glob<string>("/node_modules/typescript/lib/{de,es,fr,ja,pt-br,zh-cn}/diagnosticMessages.generated.json", {
  query: "?url",
  import: "default",
  eager: true,
});

export function declarationFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, text] of Object.entries(libs)) files.set(`${LIB_DIR}${path.slice(path.lastIndexOf("/") + 1)}`, text);
  for (const [path, text] of Object.entries(packages)) files.set(path, text);
  files.set(KERNEL_GLOBALS, kernelGlobals);
  return files;
}

/** The URL of TypeScript's messages in `locale` (a site locale such as "pt-BR"), or undefined where TypeScript has none. */
export function diagnosticMessagesUrl(locale: string): string | undefined {
  return messages[`/node_modules/typescript/lib/${locale.toLowerCase()}/diagnosticMessages.generated.json`];
}
