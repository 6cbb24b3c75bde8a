/**
 * The kernel's compiler (sucrase, acorn, magic-string), bundled as its own
 * script and loaded by the worker only when a cell's code was not compiled
 * by the build (the reader edited it). Running it leaves `compileSource` in
 * `self.__carnetModules`, where the worker picks it up.
 */
import { compileSource } from "./compileSource.ts";

const scope = self as unknown as { __carnetModules?: Record<string, unknown> };
(scope.__carnetModules ??= {})["carnet:compiler"] = { compileSource };
