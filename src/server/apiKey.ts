/**
 * The optional shared-deployment key: when CARNET_API_KEY is set, API
 * requests must carry it as a bearer token. Compared in constant time.
 *
 * @example
 * bearerMatches("Bearer s3cret", "s3cret") // true
 * bearerMatches(undefined, "s3cret")       // false
 */
import { createHash, timingSafeEqual } from "node:crypto";

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

export function bearerMatches(authorization: string | undefined, key: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!.trim()), digest(key));
}
