/**
 * Which browser origins may call the API (`@fastify/cors` then writes the
 * headers). The site's own origin always may; others only when listed in
 * CORS_ORIGINS, where `localhost` stands for any port on localhost,
 * 127.0.0.1 or [::1], and `*` for every origin. The Host the origin is
 * compared with has passed the Host check first.
 *
 * @example
 * originAllowed("http://localhost:3000", "127.0.0.1:4321", ["localhost"]) // true
 * originAllowed("https://evil.example", "127.0.0.1:4321", ["localhost"])  // false
 */

const localhost = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export function originAllowed(origin: string, host: string | undefined, configured: readonly string[]): boolean {
  if (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  for (const entry of configured) {
    if (entry === "*") return true;
    if (entry === "localhost" && localhost.test(origin)) return true;
    if (entry.replace(/\/+$/, "") === origin) return true;
  }
  return false;
}
