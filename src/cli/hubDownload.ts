/**
 * Downloads one file from the Hugging Face hub the way its own clients do:
 * a HEAD on `/<repo>/resolve/<revision>/<file>` gives the size
 * (`x-linked-size`), the sha256 (`x-linked-etag`), the commit
 * (`x-repo-commit`) and a redirect to the storage URL; the GET then resumes
 * an earlier partial file with a Range request, and the result is checked
 * against the size and sha256 before it takes its final name.
 *
 * A broken download keeps `<file>.part` so the next run resumes it; a
 * checksum mismatch deletes it (its bytes cannot be trusted) and fails.
 *
 * @example
 * const meta = await fetchFileMetadata({ hubUrl: "https://huggingface.co", repo: "o/r", file: "m.gguf" });
 * await downloadFile(meta, "models/m.gguf", { onProgress: (done, total) => bar.update(done) });
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm, stat, truncate } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

export type HubFileMetadata = {
  repo: string;
  file: string;
  revision: string;
  size: number;
  sha256: string;
  /** Where the bytes are (the redirect target, or the resolve URL itself). */
  downloadUrl: string;
  /** Whether the download URL is on the hub itself (only then does the token go along). */
  sameOrigin: boolean;
};

/** A failure to explain to the user as it is, without a stack. */
export class PullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PullError";
  }
}

const networkCodes = new Set(["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ENETUNREACH", "EHOSTUNREACH", "ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT"]);

function unreachable(hubUrl: string, error: unknown): PullError {
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (error as { name?: string }).name ?? "network error";
  return new PullError(
    `Cannot reach the Hugging Face hub at ${hubUrl} (${code}). model:pull needs a network connection; ` +
      "offline, the tiny demo model (npm run model:tiny) still works. Set HF_ENDPOINT to use a mirror.",
  );
}

function encodePath(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

/** Reads the file's size, sha256, commit and download URL from the hub. */
export async function fetchFileMetadata(options: {
  hubUrl: string;
  repo: string;
  file: string;
  revision?: string;
  token?: string | undefined;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<HubFileMetadata> {
  const revision = options.revision ?? "main";
  const hubUrl = options.hubUrl.replace(/\/+$/, "");
  const url = `${hubUrl}/${options.repo}/resolve/${encodeURIComponent(revision)}/${encodePath(options.file)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "HEAD",
      redirect: "manual",
      headers: { "accept-encoding": "identity", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs ?? 15_000), ...(options.signal ? [options.signal] : [])]),
    });
  } catch (error) {
    throw unreachable(hubUrl, error);
  }
  if (response.status === 404) {
    throw new PullError(`${options.repo}/${options.file} (revision ${revision}) was not found on the hub: check the repository and file names.`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new PullError(
      `The hub refused access to ${options.repo}/${options.file} (${response.status}). ` +
        (options.token ? "Your HF_TOKEN lacks access: accept the model's terms on its page first." : "The repository may be gated or private: set HF_TOKEN."),
    );
  }
  const redirected = response.status >= 300 && response.status < 400;
  if (!redirected && response.status !== 200) throw new PullError(`The hub answered ${response.status} for ${url}.`);
  const size = Number(response.headers.get("x-linked-size") ?? response.headers.get("content-length"));
  const etag = (response.headers.get("x-linked-etag") ?? response.headers.get("etag") ?? "").replace(/^W\//, "").replace(/"/g, "");
  if (!Number.isInteger(size) || size <= 0) throw new PullError(`The hub gave no size for ${options.repo}/${options.file}.`);
  if (!/^[0-9a-f]{64}$/.test(etag)) {
    throw new PullError(`The hub gave no sha256 for ${options.repo}/${options.file} (is it stored with Git LFS?), so it cannot be checked.`);
  }
  const location = redirected ? response.headers.get("location") : null;
  const downloadUrl = location ? new URL(location, url).href : url;
  return {
    repo: options.repo,
    file: options.file,
    revision: response.headers.get("x-repo-commit") ?? revision,
    size,
    sha256: etag,
    downloadUrl,
    sameOrigin: new URL(downloadUrl).origin === new URL(hubUrl).origin,
  };
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

/**
 * Downloads to `<destination>.part`, resuming it when present, checks it,
 * then renames it to `destination`. Resolves with the number of bytes fetched now.
 */
export async function downloadFile(
  meta: HubFileMetadata,
  destination: string,
  options: { token?: string | undefined; onProgress?: (done: number, total: number) => void; stallTimeoutMs?: number; signal?: AbortSignal } = {},
): Promise<{ fetched: number; resumedFrom: number }> {
  const part = `${destination}.part`;
  let have = await sizeOf(part);
  if (have > meta.size) {
    await rm(part, { force: true });
    have = 0;
  }
  const resumedFrom = have;
  let fetched = 0;
  if (have < meta.size) {
    const stall = new AbortController();
    let stallTimer = setTimeout(() => stall.abort(), options.stallTimeoutMs ?? 60_000);
    const keepAlive = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => stall.abort(), options.stallTimeoutMs ?? 60_000);
    };
    try {
      let response: Response;
      try {
        response = await fetch(meta.downloadUrl, {
          headers: {
            "accept-encoding": "identity",
            ...(have > 0 ? { range: `bytes=${have}-` } : {}),
            ...(options.token && meta.sameOrigin ? { authorization: `Bearer ${options.token}` } : {}),
          },
          signal: options.signal ? AbortSignal.any([stall.signal, options.signal]) : stall.signal,
        });
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code;
        if (code && networkCodes.has(code)) throw unreachable(new URL(meta.downloadUrl).origin, error);
        throw new PullError(`The download could not start: ${(error as Error).message}`);
      }
      if (response.status === 200 && have > 0) {
        await truncate(part, 0);
        have = 0;
      } else if (response.status !== 200 && response.status !== 206) {
        throw new PullError(`The download answered ${response.status} for ${meta.downloadUrl}.`);
      }
      if (!response.body) throw new PullError("The download had no body.");
      options.onProgress?.(have, meta.size);
      // Bytes that arrived are written out even when the connection breaks, so a resume starts after them.
      const file = createWriteStream(part, { flags: have > 0 ? "a" : "w" });
      let broken: unknown;
      try {
        for await (const chunk of Readable.fromWeb(response.body as WebReadableStream) as AsyncIterable<Buffer>) {
          fetched += chunk.length;
          keepAlive();
          options.onProgress?.(have + fetched, meta.size);
          if (!file.write(chunk)) await once(file, "drain");
        }
      } catch (error) {
        broken = error;
      }
      await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
      if (broken) {
        throw new PullError(
          `The download was interrupted after ${have + fetched} of ${meta.size} bytes (${options.signal?.aborted ? "stopped" : stall.signal.aborted ? "no data for a while" : (broken as Error).message}). ` +
            `The partial file ${part} is kept: run the same command again to resume.`,
        );
      }
    } finally {
      clearTimeout(stallTimer);
    }
  }
  const total = await sizeOf(part);
  if (total !== meta.size) {
    throw new PullError(`The download ended at ${total} of ${meta.size} bytes. The partial file ${part} is kept: run the same command again to resume.`);
  }
  const actual = await sha256Of(part);
  if (actual !== meta.sha256) {
    await rm(part, { force: true });
    throw new PullError(`sha256 mismatch for ${meta.repo}/${meta.file}: expected ${meta.sha256}, got ${actual}. The corrupt file was deleted; run the command again.`);
  }
  await rename(part, destination);
  return { fetched, resumedFrom };
}
