import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildCourse, neighbours, sectionHashes, sectionProvenance, translationState, type LessonEntry } from "../../../src/course/course.ts";

const body = "Intro.\n\n## A {#a}\n\nText of A.\n\n### A1 {#a1}\n\nMore.\n\n## B {#b}\n\nText of B.";
const sourceData = { title: "First", description: "d", order: 1 };
const hashes = sectionHashes({ data: sourceData, body });

type Sections = Record<string, string | { hash: string; by?: "machine" | "human"; reviewed?: Date }>;
const translation = (sections: Sections, by: "machine" | "human" = "machine") => ({
  title: "T",
  description: "D",
  translation: { source: "en", date: new Date("2026-11-26"), by, sections },
});
const current = Object.fromEntries(hashes);

const entries: LessonEntry[] = [
  { id: "second/en", data: { title: "Second", description: "d", order: 2 }, body: "Other." },
  { id: "first/en", data: sourceData, body },
  { id: "first/fr", data: translation(current) },
  { id: "first/es", data: translation({ ...current, a: "0123456789abcdef" }, "human") },
  { id: "first/ja", data: translation({ ...current, b: { hash: hashes.get("b")!, reviewed: new Date("2026-11-27") }, a1: { hash: hashes.get("a1")!, by: "human" } }) },
];

describe("course", () => {
  it("hashes each section, the title and introduction under top", () => {
    assert.deepEqual([...hashes.keys()], ["top", "a", "a1", "b"]);
    const retitled = sectionHashes({ data: { ...sourceData, title: "New title" }, body });
    assert.notEqual(retitled.get("top"), hashes.get("top"));
    assert.equal(retitled.get("a"), hashes.get("a"));
    const edited = sectionHashes({ data: sourceData, body: body.replace("More.", "More text.") });
    assert.deepEqual([...edited].filter(([id, h]) => hashes.get(id) !== h).map(([id]) => id), ["a1"]);
  });

  it("orders lessons by their source's order", () => {
    const course = buildCourse(entries);
    assert.deepEqual(course.lessons.map((l) => l.slug), ["first", "second"]);
    assert.deepEqual(course.lessons[0]!.sourceSections, hashes);
  });

  it("gives each locale's state, section by section", () => {
    const [first] = buildCourse(entries).lessons;
    assert.equal(translationState(first!, "en").status, "source");
    const fr = translationState(first!, "fr");
    assert.equal(fr.status, "current");
    assert.deepEqual(fr.machineSections, ["top", "a", "a1", "b"]);
    const es = translationState(first!, "es");
    assert.equal(es.status, "outdated");
    assert.deepEqual(es.outdatedSections, ["a"]);
    assert.equal(es.machine, false);
    const ja = translationState(first!, "ja");
    assert.deepEqual(ja.machineSections, ["top", "a"]);
    assert.deepEqual(ja.reviewedSections, ["b"]);
    assert.equal(translationState(first!, "de").status, "missing");
  });

  it("counts a source section the translation does not record as outdated", () => {
    const { b: _, ...withoutB } = current;
    const [first] = buildCourse([entries[1]!, { id: "first/fr", data: translation(withoutB) }]).lessons;
    assert.deepEqual(translationState(first!, "fr").outdatedSections, ["b"]);
  });

  it("fills a section's provenance from the file's defaults", () => {
    const info = translation({ a: "0123456789abcdef", b: { hash: "fedcba9876543210", by: "human" } }).translation;
    assert.deepEqual(sectionProvenance(info, "a"), { hash: "0123456789abcdef", by: "machine", model: undefined });
    assert.equal(sectionProvenance(info, "b")?.by, "human");
    assert.equal(sectionProvenance(info, "c"), undefined);
  });

  it("links previous and next lessons", () => {
    const course = buildCourse(entries);
    assert.equal(neighbours(course, "first").previous, undefined);
    assert.equal(neighbours(course, "first").next?.slug, "second");
    assert.equal(neighbours(course, "second").previous?.slug, "first");
  });

  it("names the file and the problem for bad course content", () => {
    assert.throws(() => buildCourse([...entries, { id: "first/xx", filePath: "content/lessons/first/xx.mdx", data: translation(current) }]), /content\/lessons\/first\/xx\.mdx: unknown locale "xx"/);
    assert.throws(() => buildCourse([...entries, { id: "third/en", data: { title: "T", description: "d", order: 1 }, body }]), /third\/en\.mdx: order: 1 is also the order of lesson "first"/);
    assert.throws(() => buildCourse([{ id: "lone/fr", data: translation(current) }]), /content\/lessons\/lone\/: no en\.mdx/);
    assert.throws(() => buildCourse([{ id: "x/en", data: { title: "T", description: "d" }, body }]), /x\/en\.mdx: order: the source file must give/);
    assert.throws(() => buildCourse([entries[1]!, { id: "first/de", data: { title: "T", description: "d" } }]), /first\/de\.mdx: translation: a translation must record its provenance/);
  });
});
