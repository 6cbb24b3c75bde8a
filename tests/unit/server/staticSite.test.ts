/** The built site served by the real server (from a small fixture of dist/). */
import assert from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { request as httpRequest } from "node:http";
import { after, before, describe, test } from "node:test";
import { fixtureAsset, fixtureAssetText } from "./helpers/siteFixture.ts";
import { startTinyServer } from "./helpers/tinyServer.ts";
import type { TinyServer } from "./helpers/tinyServer.ts";

let server: TinyServer;
before(async () => {
  server = await startTinyServer();
});
after(() => server.stop());

/** A raw GET (fetch would decode compressed bodies itself). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the built site", () => {
  test("a lesson page is served as HTML, compressed, revalidated by ETag", async () => {
    const page = await rawGet("/en/lessons/welcome/", { "accept-encoding": "gzip, br" });
    assert.equal(page.status, 200);
    assert.equal(page.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(page.headers["content-encoding"], "br");
    assert.equal(page.headers["cache-control"], "no-cache");
    assert.match(brotliDecompressSync(page.body).toString(), /A lesson paragraph/);
    const etag = page.headers.etag as string;
    assert.ok(etag);
    const again = await rawGet("/en/lessons/welcome/", { "accept-encoding": "gzip, br", "if-none-match": etag });
    assert.equal(again.status, 304);
  });

  test("gzip when brotli is not accepted; identity when nothing is", async () => {
    const gz = await rawGet("/en/lessons/welcome/", { "accept-encoding": "gzip" });
    assert.equal(gz.headers["content-encoding"], "gzip");
    assert.match(gunzipSync(gz.body).toString(), /A lesson paragraph/);
    const plain = await rawGet("/en/lessons/welcome/");
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.match(plain.body.toString(), /A lesson paragraph/);
  });

  test("a path without its trailing slash is redirected", async () => {
    const response = await rawGet("/en/lessons/welcome?x=1");
    assert.equal(response.status, 301);
    assert.equal(response.headers.location, "/en/lessons/welcome/?x=1");
  });

  test("a hashed asset has its content type and a year-long immutable cache", async () => {
    const asset = await rawGet(fixtureAsset, { "accept-encoding": "br" });
    assert.equal(asset.status, 200);
    assert.equal(asset.headers["content-type"], "application/javascript; charset=utf-8");
    assert.equal(asset.headers["cache-control"], "public, max-age=31536000, immutable");
    assert.equal(brotliDecompressSync(asset.body).toString(), fixtureAssetText);
    const icon = await rawGet("/favicon.svg");
    assert.equal(icon.headers["content-type"], "image/svg+xml");
    assert.equal(icon.headers["cache-control"], "no-cache");
  });

  test("a missing page gets the 404 page of its locale, with status 404", async () => {
    const fr = await fetch(`${server.base}/fr/lessons/nowhere/`);
    assert.equal(fr.status, 404);
    assert.match(await fr.text(), /page introuvable/);
    const ar = await fetch(`${server.base}/ar/x`);
    assert.equal(ar.status, 404);
    assert.match(await ar.text(), /dir="rtl"/);
    const outside = await fetch(`${server.base}/nowhere`);
    assert.equal(outside.status, 404);
    assert.match(await outside.text(), /site-wide not found page/);
    const missingAsset = await fetch(`${server.base}/_astro/gone.123.js`);
    assert.equal(missingAsset.status, 404);
    assert.equal(missingAsset.headers.get("cache-control"), "no-cache", "a 404 is never cached as immutable");
  });

  test("paths cannot leave the site folder", async () => {
    const response = await rawGet("/en/..%2f..%2fmodels.json");
    assert.equal(response.status, 404);
    assert.ok(!response.body.toString().includes("carnet-tiny-demo"));
  });

  test("HEAD gets the headers without a body", async () => {
    const response = await fetch(`${server.base}/en/lessons/welcome/`, { method: "HEAD" });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(await response.text(), "");
  });
});

describe("the site under SITE_BASE", () => {
  let based: TinyServer;
  before(async () => {
    based = await startTinyServer({ SITE_BASE: "/course/" });
  });
  after(() => based.stop());

  const get = (path: string) => fetch(`${based.base}${path}`, { redirect: "manual" });

  test("pages, assets and localized 404s live under the base; / and the bare base redirect there", async () => {
    const page = await get("/course/en/lessons/welcome/");
    assert.equal(page.status, 200);
    assert.match(await page.text(), /A lesson paragraph/);
    assert.equal((await get(`/course${fixtureAsset}`)).headers.get("cache-control"), "public, max-age=31536000, immutable");
    const missing = await get("/course/fr/lessons/nowhere/");
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /page introuvable/);
    assert.equal((await get("/")).headers.get("location"), "/course/");
    assert.equal((await get("/course?x=1")).headers.get("location"), "/course/?x=1");
    assert.equal((await get("/course/en/lessons/welcome")).headers.get("location"), "/course/en/lessons/welcome/");
  });

  test("the API answers below the base, where pages look for it, and at /v1; paths outside the base get a 404 that names the base", async () => {
    assert.equal((await get("/v1/models")).status, 200);
    const below = await get("/course/v1/models");
    assert.equal(below.status, 200);
    assert.ok(((await below.json()) as { data: unknown[] }).data.length > 0);
    const outside = await get("/en/lessons/welcome/");
    assert.equal(outside.status, 404);
    assert.match(((await outside.json()) as { error: string }).error, /the site is at \/course\//);
  });
});
