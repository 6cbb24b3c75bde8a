/**
 * A short fingerprint of a cell's code (its length and 32-bit FNV-1a of its
 * UTF-16 units): the build stores it with the compiled form, and the page
 * uses that form only for code with the same fingerprint. Written here
 * because it must be tiny and synchronous (Web Crypto digests are async).
 *
 * @example
 * sourceHash("console.log(1)") // "14:…"
 */
export function sourceHash(source: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
    hash ^= source.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${source.length}:${(hash >>> 0).toString(16)}`;
}
