/**
 * Whether a model id a cell asks for names the browser model that answers:
 * its catalogue id, its hub repository, or the repository the GGUF files
 * were made from (the hub repo without its "-GGUF" suffix), in any case.
 * A cell asking for "HuggingFaceTB/SmolLM2-360M-Instruct" is then answered
 * by SmolLM2 360M in the browser without being told it got another model.
 *
 * @example
 * namesBrowserModel({ id: "smollm2-360m-instruct-q8_0", hub: { repo: "HuggingFaceTB/SmolLM2-360M-Instruct-GGUF" } }, "HuggingFaceTB/SmolLM2-360M-Instruct") // true
 */
export function namesBrowserModel(model: { id: string; hub?: { repo: string } }, asked: string): boolean {
  const wanted = asked.toLowerCase();
  const names = [model.id];
  if (model.hub) names.push(model.hub.repo, model.hub.repo.replace(/-gguf$/i, ""));
  return names.some((name) => name.toLowerCase() === wanted);
}
