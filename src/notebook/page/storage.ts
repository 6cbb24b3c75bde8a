/**
 * A reader's edits, one entry per cell: `carnet:cell:<lesson>:<cell id>`.
 * Cell ids are the same in every language, so an edit follows the reader
 * to another translation of the lesson. Storage may be unavailable (private
 * mode, quota): edits then last as long as the page.
 *
 * @example
 * saveEdit("welcome", "greeting", "console.log(1)");
 * loadEdit("welcome", "greeting") // "console.log(1)"
 */

function editKey(lesson: string, cell: string): string {
  return `carnet:cell:${lesson}:${cell}`;
}

export function loadEdit(lesson: string, cell: string): string | undefined {
  try {
    return localStorage.getItem(editKey(lesson, cell)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveEdit(lesson: string, cell: string, code: string): void {
  try {
    localStorage.setItem(editKey(lesson, cell), code);
  } catch {
    // Not kept past this page; nothing else to do.
  }
}

export function clearEdit(lesson: string, cell: string): void {
  try {
    localStorage.removeItem(editKey(lesson, cell));
  } catch {
    // Storage unavailable: nothing was kept.
  }
}
