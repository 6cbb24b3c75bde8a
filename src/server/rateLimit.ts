/**
 * A per-client rate limit: a token bucket per client key that refills
 * `perMinute` requests over a minute. Memory stays bounded: full buckets are
 * forgotten when the table grows.
 *
 * @example
 * const limit = new RateLimit(60);
 * const verdict = limit.take("127.0.0.1"); // { ok: true } or { ok: false, retryAfterSeconds: 1 }
 */

type Bucket = { tokens: number; updated: number };

export class RateLimit {
  readonly perMinute: number;
  #buckets = new Map<string, Bucket>();
  #now: () => number;

  constructor(perMinute: number, now: () => number = () => performance.now()) {
    this.perMinute = perMinute;
    this.#now = now;
  }

  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.perMinute <= 0) return { ok: true };
    const now = this.#now();
    const perMs = this.perMinute / 60_000;
    const bucket = this.#buckets.get(key) ?? { tokens: this.perMinute, updated: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updated) * perMs);
    bucket.updated = now;
    if (bucket.tokens < 1) {
      this.#buckets.set(key, bucket);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    }
    bucket.tokens -= 1;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 10_000) this.#forgetFull(now, perMs);
    return { ok: true };
  }

  #forgetFull(now: number, perMs: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updated) * perMs >= this.perMinute) this.#buckets.delete(key);
    }
  }
}
