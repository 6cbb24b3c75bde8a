/**
 * The data files a lesson keeps beside its text: `models.json` (model
 * families, their openness and releases, and the models its cells call) and
 * `prices.json` (a dated price table). Schemas here; errors name the file
 * and the field.
 *
 * @example
 * const data = parseLessonData("content/lessons/x/models.json", modelsSchema, json);
 * opennessScore(data.families[0]) // 0..6
 *
 * The openness rubric (one meaning per artefact; the same text is in
 * `opennessRubric` of models.json and in the lesson):
 * - weights: the final weights of the release can be downloaded;
 * - data: the pre-training data itself, or published sources and scripts
 *   that rebuild it (partial: a sample or extract);
 * - trainingCode: the code the maker used to pre-train it (partial: some
 *   libraries of that stack);
 * - evaluationCode: the code behind the scores the maker reports (partial:
 *   for some of them);
 * - fineTuningCode: the maker's own post-training code for the released
 *   instruct model; guides for readers to fine-tune it do not count;
 * - metrics: training metrics and logs (partial: e.g. checkpoints without
 *   complete logs).
 * "partial" has one meaning everywhere (schema, data, lesson text): only
 * part of the artefact is published, as the rubric's own "partial:" for
 * that artefact says; never "not checked". An artefact may be partial only
 * where the rubric defines what partial means for it.
 * The licence is not a point: an OSI-approved licence is a precondition
 * for "open source", shown beside the score. A score is 0 to 6.
 */
import { z } from "zod";

const level = z.enum(["yes", "partial", "no"]);

/** What "partial" means, as models.json's `opennessLevels.partial` begins. */
export const partialMeaning = "only part of the artefact is published";
export const artefacts = ["weights", "data", "trainingCode", "evaluationCode", "fineTuningCode", "metrics"] as const;

/** Where an "as of" claim comes from, when it was checked, and whether a primary source confirmed it. */
const sourced = { source: z.string().min(1), checked: z.iso.date(), verified: z.boolean() };

const licence = z.object({ name: z.string(), osiApproved: z.boolean(), appliesTo: z.string().optional() });

const familySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  organisation: z.string(),
  firstReleaseYear: z.number().int(),
  opennessOf: z.string(),
  licence,
  otherLicences: z.array(licence).default([]),
  openness: z.object(Object.fromEntries(artefacts.map((a) => [a, level])) as Record<(typeof artefacts)[number], typeof level>),
  opennessNote: z.string().optional(),
  releases: z
    .array(
      z.object({
        name: z.string(),
        year: z.number().int(),
        paramsB: z.number().positive(),
        activeParamsB: z.number().positive().nullable(),
        /** false when only secondary sources report it; `source` then names them. */
        verified: z.boolean().default(true),
        source: z.string().optional(),
      }),
    )
    .min(1),
  /** The family's newest release as of `checked`: the lesson's only "as of" claims. */
  newest: z.object({ claim: z.string(), ...sourced }).optional(),
  maxContextTokens: z.number().int().positive(),
  maxContextNote: z.string().optional(),
  variants: z.array(z.object({ name: z.string(), hubId: z.string().nullable(), by: z.string(), for: z.string(), how: z.string().optional() })),
});

const modelSchema = z.object({
  /** A Hugging Face model id, as cells pass it to the client. */
  id: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "a Hugging Face model id such as org/name"),
  family: z.string(),
  task: z.enum(["chat", "code"]),
  paramsB: z.number().positive(),
  cells: z.array(z.string()),
  /** Other model ids to suggest when this one is not served. */
  alternatives: z.array(z.string()),
  /** Hugging Face Inference Providers seen serving it: hints for the reader's provider choice, not guarantees. */
  providers: z.array(z.string().regex(/^[a-z0-9-]+$/, "a provider name such as featherless-ai")).default([]),
  availability: z.object({ verified: z.boolean(), evidence: z.string() }),
});

export const modelsSchema = z
  .object({
    asOf: z.iso.date(),
    about: z.string(),
    /** What each artefact means, and why the licence is not a point. */
    opennessRubric: z.object({ licence: z.string(), ...(Object.fromEntries(artefacts.map((a) => [a, z.string()])) as Record<(typeof artefacts)[number], z.ZodString>) }),
    /** What each level means; `partial` starts with {@link partialMeaning}. */
    opennessLevels: z.object({ yes: z.string(), partial: z.string().startsWith(partialMeaning), no: z.string() }),
    families: z.array(familySchema).min(1),
    models: z.array(modelSchema),
    sources: z.array(z.object({ name: z.string(), kind: z.string(), usedFor: z.string() })).min(1),
  })
  .loose()
  .superRefine((data, ctx) => {
    const families = new Set(data.families.map((f) => f.id));
    data.families.forEach((f, i) => {
      for (const a of artefacts) {
        if (f.openness[a] === "partial" && !data.opennessRubric[a].includes("partial:"))
          ctx.addIssue({ code: "custom", path: ["families", i, "openness", a], message: `"partial", but opennessRubric.${a} does not say what partial means for it` });
      }
    });
    data.models.forEach((m, i) => {
      if (!families.has(m.family)) ctx.addIssue({ code: "custom", path: ["models", i, "family"], message: `"${m.family}" is not a family of this file` });
    });
  });

export const pricesSchema = z.object({
  asOf: z.iso.date(),
  currency: z.string().length(3),
  unit: z.literal("per million tokens"),
  illustrative: z.boolean(),
  warning: z.string(),
  source: z.object({ name: z.string(), checkedAgainst: z.string().optional() }),
  prices: z.array(z.object({ model: z.string(), inputPerMillion: z.number().nonnegative(), outputPerMillion: z.number().nonnegative() })),
});

export type LessonModels = z.infer<typeof modelsSchema>;
export type ModelFamily = z.infer<typeof familySchema>;

/** Validates a data file, throwing a message that names the file and field. */
export function parseLessonData<T extends z.ZodType>(file: string, schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  return result.data;
}

/** Points per level of the rubric. */
const levelPoints = { yes: 1, partial: 0.5, no: 0 } as const;

/** How many of the six artefacts a family publishes (a partial one counts half): 0 to 6, the licence aside. */
export function opennessScore(family: Pick<ModelFamily, "openness">): number {
  return artefacts.reduce((sum, a) => sum + levelPoints[family.openness[a]], 0);
}

export interface FamilyRow {
  family: ModelFamily;
  score: number;
  /** The largest release, in billions of parameters, and whether a primary source confirmed it. */
  largest: number;
  largestVerified: boolean;
}

/** The chart's rows: every family with its score and largest release, most open first. */
export function familyRows(families: readonly ModelFamily[]): FamilyRow[] {
  return families
    .map((family) => {
      const largest = family.releases.reduce((a, b) => (b.paramsB > a.paramsB ? b : a));
      return { family, score: opennessScore(family), largest: largest.paramsB, largestVerified: largest.verified };
    })
    .sort((a, b) => b.score - a.score || a.family.name.localeCompare(b.family.name));
}
