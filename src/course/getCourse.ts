/** The course built from the `lessons` collection, once per build. */
import { getCollection, type CollectionEntry } from "astro:content";
import { buildCourse, type Course } from "./course.ts";

export type LessonFile = CollectionEntry<"lessons">;

let cached: Promise<Course<LessonFile>> | undefined;

export function getCourse(): Promise<Course<LessonFile>> {
  cached ??= getCollection("lessons").then((entries) => buildCourse(entries));
  return cached;
}
