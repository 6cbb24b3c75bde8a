/**
 * `@huggingface/inference`, bundled as its own script and loaded by the
 * kernel only when a cell imports it. Running it leaves the module's exports
 * in `self.__carnetModules`, where the kernel's module loader picks them up.
 */
import * as inference from "@huggingface/inference";

const scope = self as unknown as { __carnetModules?: Record<string, unknown> };
(scope.__carnetModules ??= {})["@huggingface/inference"] = inference;
