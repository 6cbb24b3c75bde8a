/**
 * Where the browser fetches a catalogue model's file: `site:<file>` files
 * are served by the site itself under `/models/` (below its base path).
 *
 * @example
 * modelFileUrl({ url: "site:carnet-tiny-demo.gguf" }, "/") // "/models/carnet-tiny-demo.gguf"
 */
export function modelFileUrl(model: { url: string }, base: string): string {
  return model.url.startsWith("site:") ? `${base.replace(/\/?$/, "/")}models/${model.url.slice(5)}` : model.url;
}
