/**
 * The models this server answers with: every manifest entry whose file is
 * present, loaded once, and the rule that picks who answers a request
 * (a local model, the Hugging Face router, the default local model as a
 * fallback, or nobody).
 *
 * @example
 * const registry = await ModelRegistry.load(llama, manifest, settings, log);
 * registry.route("carnet-tiny-demo")  // { kind: "local", model, fallback: false }
 * registry.route("Qwen/Qwen2.5-7B")   // { kind: "huggingface" } when HF_TOKEN is set
 */
import { access } from "node:fs/promises";
import type { Llama } from "node-llama-cpp";
import { LocalModel } from "./localModel.ts";
import { modelFilePath } from "./manifest.ts";
import type { Manifest } from "./manifest.ts";

export type Route =
  | { kind: "local"; model: LocalModel; fallback: boolean }
  | { kind: "huggingface" }
  | { kind: "unknown"; available: string[] };

export type RoutePolicy = { unknownModelPolicy: "fallback" | "not-found"; huggingFace: boolean };

export class ModelRegistry {
  readonly models: LocalModel[];
  readonly defaultModel: LocalModel | undefined;
  readonly policy: RoutePolicy;
  /** Manifest entries skipped because their file is missing, with the reason. */
  readonly skipped: { id: string; reason: string }[];

  constructor(models: LocalModel[], defaultId: string | undefined, policy: RoutePolicy, skipped: { id: string; reason: string }[] = []) {
    this.models = models;
    this.defaultModel = models.find((m) => m.id === defaultId) ?? models[0];
    this.policy = policy;
    this.skipped = skipped;
  }

  /** Loads every entry whose file exists; entries without a file are skipped with a hint to get it. */
  static async load(
    llama: Llama,
    manifest: Manifest,
    options: { manifestPath: string; threads: number; queueLength: number; policy: RoutePolicy },
  ): Promise<ModelRegistry> {
    const models: LocalModel[] = [];
    const skipped: { id: string; reason: string }[] = [];
    for (const entry of manifest.models) {
      const path = modelFilePath(options.manifestPath, entry);
      const present = await access(path).then(
        () => true,
        () => false,
      );
      if (!present) {
        const how =
          entry.source?.kind === "huggingface"
            ? `npm run model:pull -- ${entry.source.repo} ${entry.source.file}`
            : entry.source?.kind === "generated"
              ? entry.source.command
              : "put the file there";
        skipped.push({ id: entry.id, reason: `${path} is missing (${how})` });
        continue;
      }
      models.push(await LocalModel.load(llama, entry, options.manifestPath, options));
    }
    return new ModelRegistry(models, manifest.default, options.policy, skipped);
  }

  get(id: string): LocalModel | undefined {
    return this.models.find((m) => m.id === id);
  }

  /** Who answers a request for `requested` (undefined: the client named no model). */
  route(requested: string | undefined): Route {
    if (requested === undefined) {
      return this.defaultModel ? { kind: "local", model: this.defaultModel, fallback: false } : { kind: "unknown", available: [] };
    }
    const local = this.get(requested);
    if (local) return { kind: "local", model: local, fallback: false };
    if (this.policy.huggingFace) return { kind: "huggingface" };
    if (this.policy.unknownModelPolicy === "fallback" && this.defaultModel) {
      return { kind: "local", model: this.defaultModel, fallback: true };
    }
    return { kind: "unknown", available: this.models.map((m) => m.id) };
  }

  async dispose(): Promise<void> {
    for (const model of this.models) await model.dispose();
  }
}
