/**
 * The browser model catalogue (`browserModels.json`): which GGUF files the
 * "In this browser" backend can run, where they come from, how big they
 * are and how to check them. Validated here at build time (Settings.astro
 * hands the page the parsed list) and by `model:pull`, which accepts the
 * same names; the page itself never loads this schema.
 *
 * @example
 * const catalogue = browserCatalogue();
 * findBrowserModel(catalogue, "smollm2-360m-instruct-q8_0")?.hub?.repo // "HuggingFaceTB/SmolLM2-360M-Instruct-GGUF"
 * modelFileUrl(catalogue.models[0], "/") // "/models/carnet-tiny-demo.gguf"
 */
import { z } from "zod";
import data from "./browserModels.json" with { type: "json" };

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "64 lower-case hex digits");

const browserModelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,127}$/, "lower-case letters, digits, '.', '_' or '-'"),
    label: z.string().min(1),
    url: z.string().regex(/^(https:\/\/|site:[\w.-]+\.gguf$)/, "an https URL or site:<file>.gguf"),
    hub: z.object({ repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/), file: z.string().regex(/\.gguf$/), revision: z.string().min(1) }).optional(),
    bytes: z.number().int().positive().optional(),
    approxBytes: z.number().int().positive(),
    sha256: sha256.optional(),
    checked: z.object({ source: z.string().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).optional(),
    license: z.string().min(1),
    contextSize: z.number().int().min(256),
    template: z.string().min(1),
    demo: z.boolean().default(false),
  })
  .refine((m) => (m.sha256 === undefined && m.bytes === undefined) || m.checked !== undefined, "a size or sha256 needs `checked` (where it comes from, and when)")
  .refine((m) => m.url.startsWith("site:") || m.hub !== undefined, "a model from the hub names its `hub` repo, file and revision");

const browserCatalogueSchema = z
  .object({ $comment: z.string().optional(), default: z.string(), models: z.array(browserModelSchema).min(1) })
  .refine((c) => c.models.some((m) => m.id === c.default), "`default` must be one of the models");

export type BrowserModel = z.infer<typeof browserModelSchema>;
export type BrowserCatalogue = z.infer<typeof browserCatalogueSchema>;

/** The catalogue, checked; throws a message naming the field at fault. */
export function browserCatalogue(input: unknown = data): BrowserCatalogue {
  const result = browserCatalogueSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`browserModels.json: ${issue.path.join(".") || "top level"}: ${issue.message}`);
  }
  return result.data;
}

export function findBrowserModel(catalogue: BrowserCatalogue, id: string): BrowserModel | undefined {
  return catalogue.models.find((m) => m.id === id);
}

export { modelFileUrl } from "./modelUrl.ts";
