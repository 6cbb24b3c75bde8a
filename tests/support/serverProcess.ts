/**
 * The project's server (`src/server/main.ts`) in its own process on a free
 * loopback port, for browser tests and benchmarks that need a second
 * instance or a separate process. Ready once it prints its address.
 *
 * @example
 * const server = await startServerProcess({ CORS_ORIGINS: "http://127.0.0.1:4329" });
 * await fetch(`${server.url}/v1/models`);
 * await server.stop();
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

export interface ServerProcess {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** `command` is the script and its arguments (default: the server alone; `src/cli/start.ts` for `npm start`). */
export async function startServerProcess(env: Record<string, string> = {}, command: string[] = ["src/server/main.ts"]): Promise<ServerProcess & { output: () => string }> {
  const child = spawn(process.execPath, command, {
    cwd: root,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LLAMA_THREADS: process.env.LLAMA_THREADS ?? "1", LOG_LEVEL: "warn", RATE_LIMIT_PER_MINUTE: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /Carnet is running at (http:\/\/\S+?)\/?\n/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
