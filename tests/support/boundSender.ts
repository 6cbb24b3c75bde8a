/**
 * Sends every over-bound chat request of `boundCases` to a server, two at a
 * time and over and over, until it is stopped; prints one JSON line per
 * reply: `{"field", "status", "error"}`. Run in its own process by the
 * hostile-client suite, so that building and sending megabyte bodies does
 * not delay the suite's own `/healthz` probes.
 *
 * @example
 * node tests/support/boundSender.ts http://127.0.0.1:4321 carnet-tiny-demo
 */
import { boundCases } from "./boundCases.ts";

const [base, model] = process.argv.slice(2);
if (!base || !model) throw new Error("usage: boundSender.ts <base URL> <model>");
const cases = boundCases(model);

async function send(offset: number): Promise<never> {
  for (let i = offset; ; i++) {
    const c = cases[i % cases.length]!;
    const response = await fetch(`${base}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: c.over });
    const error = ((await response.json().catch(() => ({}))) as { error?: unknown }).error;
    process.stdout.write(`${JSON.stringify({ field: c.field, what: c.what, status: response.status, error })}\n`);
  }
}

await Promise.all([send(0), send(Math.floor(cases.length / 2))]);
