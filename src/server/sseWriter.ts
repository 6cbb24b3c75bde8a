/**
 * Writes Server-Sent Events with few socket writes: the first token goes out
 * at once (with the response head), later events at most every `flushMs`
 * milliseconds, batched. A fast model's tokens then cost one write (and one
 * client wake-up) per batch instead of one each; a slow model's tokens go
 * out one by one as they come. Each token stays its own event. (No Fastify
 * plugin batches events by time; this is ours.) A write that throws (a
 * header Node refuses, a socket gone) ends the response instead of escaping
 * from a timer and taking the process down.
 *
 * @example
 * const writer = new SseWriter(res, 10, () => res.writeHead(200, headers));
 * writer.begin(frames.role());
 * writer.push(frames.text("Hello"), { now: true });
 * writer.end(frames.finish("stop") + DONE);
 */
import type { ServerResponse } from "node:http";

export class SseWriter {
  readonly #res: ServerResponse;
  readonly #flushMs: number;
  readonly #sendHead: () => void;
  #pending: string[] = [];
  #lastFlush = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #headSent = false;
  #failed = false;

  constructor(res: ServerResponse, flushMs: number, sendHead: () => void) {
    this.#res = res;
    this.#flushMs = flushMs;
    this.#sendHead = sendHead;
  }

  /** Whether the status and headers are on their way (no error status can follow). */
  get headSent(): boolean {
    return this.#headSent;
  }

  /** The opening event; it waits up to `flushMs` for the first token to travel with it. */
  begin(frame: string): void {
    this.#pending.push(frame);
    this.#lastFlush = performance.now();
    this.#schedule(this.#flushMs);
  }

  /** Queues an event; `now` (the first token) writes it at once. */
  push(frame: string, options: { now?: boolean } = {}): void {
    this.#pending.push(frame);
    const since = performance.now() - this.#lastFlush;
    if (options.now || since >= this.#flushMs) this.flush();
    else this.#schedule(this.#flushMs - since);
  }

  flush(): void {
    this.#guard(() => {
      if (this.#pending.length === 0 || this.#res.destroyed) return;
      this.#res.write(this.#pending.length === 1 ? this.#pending[0]! : this.#pending.join(""));
      this.#pending = [];
      this.#lastFlush = performance.now();
    });
  }

  /** Writes what is pending plus `last`, and ends the response. */
  end(last: string): void {
    this.#pending.push(last);
    this.#guard(() => {
      this.#res.end(this.#pending.join(""));
      this.#pending = [];
    });
  }

  /** Sends the head if needed, then `write`; on any error the response is destroyed and later calls do nothing. */
  #guard(write: () => void): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#failed) return;
    try {
      if (!this.#headSent) {
        this.#headSent = true;
        this.#sendHead();
      }
      write();
    } catch {
      this.#failed = true;
      this.#pending = [];
      this.#res.destroy();
    }
  }

  /** Drops pending events and timers (the client is gone). */
  discard(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
  }

  #schedule(ms: number): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => this.flush(), Math.max(0, ms));
  }
}
