/**
 * How a kernel is given model routing (used by the kernel worker, and by
 * tests that drive a kernel in Node the same way): cells importing
 * `@huggingface/inference` get the routed client, whose reports join the
 * running cell's output; and every message to the page is masked, so the
 * reader's token or key never reaches an output.
 *
 * @example
 * const kernel = new Kernel({ post: maskedPost((m) => port.postMessage(m), env), loadModule, env });
 * routeModelsFor(kernel, { pageOrigin: location.origin, fetch });
 */
import type { Kernel } from "../kernel/kernel.ts";
import { adaptModule } from "../kernel/modules.ts";
import type { FromKernel } from "../protocol.ts";
import { ENV } from "./backend.ts";
import type { EngineLink } from "./browser/engineLink.ts";
import { routeInference } from "./routedInference.ts";
import { maskDeep } from "./secrets.ts";

/** `post`, with secrets masked in everything it carries (the env is read at each call). */
export function maskedPost(post: (message: FromKernel) => void, env: Record<string, string>): (message: FromKernel) => void {
  return (message) => post(maskDeep(message, [env[ENV.token], env[ENV.key]]));
}

/** Registers the routed `@huggingface/inference` for cells of `kernel`. */
export function routeModelsFor(kernel: Kernel, options: { pageOrigin: string; fetch: typeof fetch; engine?: EngineLink; defaultTimeoutMs?: number }): void {
  adaptModule("@huggingface/inference", (module, env) =>
    routeInference(module as Record<string, unknown>, env, { ...options, report: (report) => kernel.emit({ kind: "model", report }) }),
  );
}
