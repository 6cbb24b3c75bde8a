const log: string[] = [];
async function step(label: string, ms: number) {
  await new Promise((r) => setTimeout(r, ms));
  log.push(label);
}
await Promise.all([step("slow", 10), step("fast", 1)]);
console.log(log);
