import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildCourse, neighbours, translationState, type LessonEntry } from "../../../src/course/course.ts";
import { contentHash } from "../../../src/course/contentHash.ts";

const body = "## A {#a}\n\nText.";
const hash = contentHash(body);
const translation = (sourceHash: string, by: "machine" | "human" = "machine") => ({
  title: "T",
  description: "D",
  translation: { source: "en", sourceHash, date: new Date("2026-11-26"), by },
});

const entries: LessonEntry[] = [
  { id: "second/en", data: { title: "Second", description: "d", order: 2 }, body: "Other." },
  { id: "first/en", data: { title: "First", description: "d", order: 1 }, body },
  { id: "first/fr", data: translation(hash) },
  { id: "first/es", data: translation("0123456789abcdef", "human") },
];

describe("course", () => {
  it("orders lessons by their source's order", () => {
    const course = buildCourse(entries);
    assert.deepEqual(course.lessons.map((l) => l.slug), ["first", "second"]);
    assert.equal(course.lessons[0]!.sourceHash, hash);
  });

  it("gives each locale's translation state", () => {
    const [first] = buildCourse(entries).lessons;
    assert.deepEqual(translationState(first!, "en"), { status: "source", machine: false });
    assert.equal(translationState(first!, "fr").status, "current");
    assert.equal(translationState(first!, "fr").machine, true);
    assert.equal(translationState(first!, "es").status, "outdated");
    assert.equal(translationState(first!, "es").machine, false);
    assert.equal(translationState(first!, "de").status, "missing");
  });

  it("links previous and next lessons", () => {
    const course = buildCourse(entries);
    assert.equal(neighbours(course, "first").previous, undefined);
    assert.equal(neighbours(course, "first").next?.slug, "second");
    assert.equal(neighbours(course, "second").previous?.slug, "first");
  });

  it("names the file and the problem for bad course content", () => {
    assert.throws(() => buildCourse([...entries, { id: "first/xx", filePath: "content/lessons/first/xx.mdx", data: translation(hash) }]), /content\/lessons\/first\/xx\.mdx: unknown locale "xx"/);
    assert.throws(() => buildCourse([...entries, { id: "third/en", data: { title: "T", description: "d", order: 1 }, body }]), /third\/en\.mdx: order: 1 is also the order of lesson "first"/);
    assert.throws(() => buildCourse([{ id: "lone/fr", data: translation(hash) }]), /content\/lessons\/lone\/: no en\.mdx/);
    assert.throws(() => buildCourse([{ id: "x/en", data: { title: "T", description: "d" }, body }]), /x\/en\.mdx: order: the source file must give/);
    assert.throws(() => buildCourse([entries[1]!, { id: "first/de", data: { title: "T", description: "d" } }]), /first\/de\.mdx: translation: a translation must record its provenance/);
  });
});
