/**
 * A fixed number of generation slots for one model, with a bounded line of
 * waiting requests. A full line is refused at once (the caller answers 429);
 * an aborted waiter leaves the line; a released slot goes to the next waiter.
 *
 * @example
 * const queue = new SlotQueue(2, 8);
 * const slot = await queue.acquire(signal); // throws QueueFullError when 8 already wait
 * try { ... } finally { queue.release(slot); }
 */

export class QueueFullError extends Error {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super("queue full");
    this.name = "QueueFullError";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

type Waiter = { resolve: (slot: number) => void; reject: (error: unknown) => void; signal: AbortSignal; onAbort: () => void };

export class SlotQueue {
  readonly slots: number;
  readonly maxWaiting: number;
  #free: number[];
  #waiters: Waiter[] = [];
  /** Recent slot hold times in ms, to estimate Retry-After. */
  #recentHoldMs: number[] = [];
  #heldSince = new Map<number, number>();

  constructor(slots: number, maxWaiting: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new Error("a queue needs at least one slot");
    this.slots = slots;
    this.maxWaiting = maxWaiting;
    this.#free = Array.from({ length: slots }, (_, i) => slots - 1 - i);
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  get busy(): number {
    return this.slots - this.#free.length;
  }

  /** Seconds a refused client should wait: the average hold time, scaled by the line ahead. */
  retryAfterSeconds(): number {
    const recent = this.#recentHoldMs;
    const average = recent.length === 0 ? 1000 : recent.reduce((a, b) => a + b, 0) / recent.length;
    return Math.max(1, Math.ceil(((this.#waiters.length + 1) / this.slots) * (average / 1000)));
  }

  /** Resolves with a slot number; rejects with QueueFullError, or with the signal's reason on abort. */
  acquire(signal: AbortSignal): Promise<number> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const slot = this.#free.pop();
    if (slot !== undefined) {
      this.#heldSince.set(slot, performance.now());
      return Promise.resolve(slot);
    }
    if (this.#waiters.length >= this.maxWaiting) return Promise.reject(new QueueFullError(this.retryAfterSeconds()));
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const at = this.#waiters.indexOf(waiter);
          if (at !== -1) this.#waiters.splice(at, 1);
          reject(signal.reason);
        },
      };
      signal.addEventListener("abort", waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Gives a slot back; the oldest waiter gets it at once. */
  release(slot: number): void {
    const since = this.#heldSince.get(slot);
    if (since !== undefined) {
      this.#recentHoldMs.push(performance.now() - since);
      if (this.#recentHoldMs.length > 20) this.#recentHoldMs.shift();
    }
    const next = this.#waiters.shift();
    if (next) {
      next.signal.removeEventListener("abort", next.onAbort);
      this.#heldSince.set(slot, performance.now());
      next.resolve(slot);
      return;
    }
    this.#heldSince.delete(slot);
    this.#free.push(slot);
  }
}
