import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { maskedPost } from "../../../../src/notebook/models/kernel/kernelSetup.ts";
import { heldTail, MASK, maskDeep, maskedToken, maskPieces, maskSecrets } from "../../../../src/notebook/models/shared/secrets.ts";
import type { FromKernel } from "../../../../src/notebook/protocol.ts";

const token = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456";

describe("maskSecrets", () => {
  test("hides Hugging Face tokens, sk- keys and Bearer values wherever they are", () => {
    assert.equal(maskSecrets(`token=${token}.`), `token=hf_${MASK}.`);
    assert.equal(maskSecrets("key sk-proj-abcdefghijklmnopqrstuvwxyz"), `key sk-${MASK}`);
    assert.equal(maskSecrets('{"Authorization":"Bearer abc.def-ghi"}'), `{"Authorization":"Bearer ${MASK}"}`);
    assert.equal(maskSecrets("Bearer [redacted]"), "Bearer [redacted]");
  });
  test("hides known secrets even when they do not look like tokens", () => {
    assert.equal(maskSecrets("my key is p4ssw0rd!", ["p4ssw0rd!"]), `my key is ${MASK}`);
    assert.equal(maskSecrets("abc", ["", undefined, "ab"]), "abc", "too short or empty secrets are ignored");
  });
  test("leaves ordinary text alone", () => {
    for (const text of ["sk-learn", "hf_hub", "scikit-learn and hf_transfer", "a bearer of news"]) assert.equal(maskSecrets(text), text);
  });
});

describe("maskDeep", () => {
  test("masks strings inside kernel messages, keeping other objects", () => {
    const blob = new Blob(["x"]);
    const message = {
      type: "output",
      run: 1,
      items: [
        { kind: "log", level: "log", text: `token ${token}`, indent: 0, values: [{ type: "object", text: `{ accessToken: '${token}' }`, preview: "", ref: 1 }] },
        { kind: "image", blob, alt: "image" },
      ],
    };
    const masked = maskDeep(message, [token]);
    assert.equal(JSON.stringify(masked).includes(token), false);
    assert.equal((masked.items[1] as { blob: Blob }).blob, blob);
    assert.equal(message.items[0]!.text, `token ${token}`, "the original is not changed");
  });
});

describe("maskedToken", () => {
  test("shows the kind and the last four characters only", () => {
    assert.equal(maskedToken(token), `hf_${MASK}3456`);
    assert.equal(maskedToken("short"), MASK);
    assert.equal(maskedToken(token).includes(token.slice(3, -4)), false);
  });
});

describe("masking across stream chunks", () => {
  /** What the page shows of one run's raw writes, each chunk posted as its own output message. */
  function shown(chunks: string[], env: Record<string, string> = {}): { text: string; posts: number } {
    const posted: FromKernel[] = [];
    const post = maskedPost((m) => posted.push(m), env);
    for (const text of chunks) post({ type: "output", run: 1, items: [{ kind: "log", level: "log", text, indent: 0, raw: true }], late: false });
    post({ type: "done", run: 1, ok: true, ms: 1, compiledBy: "build" });
    const text = posted.flatMap((m) => (m.type === "output" ? m.items.map((i) => ("text" in i ? i.text : "")) : [])).join("");
    return { text, posts: posted.length };
  }

  test("a token written in two chunks is masked whole", () => {
    assert.equal(shown([`token: ${token.slice(0, 10)}`, `${token.slice(10)} done`]).text, `token: hf_${MASK} done`);
    assert.equal(shown(["Authorization: Bea", "rer abcdefgh\n"]).text, `Authorization: Bearer ${MASK}\n`);
  });

  test("the reader's own key split anywhere is masked, and held text is sent before the run ends", () => {
    const key = "s3cret-value!";
    assert.equal(shown(["key=s3cr", "et-value! ok"], { CARNET_MODEL_KEY: key }).text, `key=${MASK} ok`);
    assert.equal(shown(["ends with h"]).text, "ends with h");
  });

  test("heldTail holds only what could begin a secret", () => {
    assert.equal(heldTail("plain words."), 0);
    assert.equal(heldTail("token: hf_abc"), 6);
    assert.equal(heldTail("key=s3cr", ["s3cret!!"]), 4);
  });
});

describe("masking across console.log calls of one run", () => {
  /** The lines the page shows for one run's console.log calls, each call posted in its own output message unless `batched`. */
  function lines(calls: string[], env: Record<string, string> = {}, batched = false): { lines: string[]; posted: FromKernel[] } {
    const posted: FromKernel[] = [];
    const post = maskedPost((m) => posted.push(m), env);
    const item = (text: string) => ({ kind: "log" as const, level: "log" as const, text, indent: 0 });
    if (batched) post({ type: "output", run: 1, items: calls.map(item), late: false });
    else for (const text of calls) post({ type: "output", run: 1, items: [item(text)], late: false });
    post({ type: "done", run: 1, ok: true, ms: 1, compiledBy: "build" });
    return { lines: posted.flatMap((m) => (m.type === "output" ? m.items.map((i) => ("text" in i ? i.text : "")) : [])), posted };
  }

  test("a token split over two console.log calls never appears, in either piece", () => {
    for (const batched of [false, true]) {
      const shown = lines([`token: ${token.slice(0, 12)}`, token.slice(12)], {}, batched).lines;
      assert.deepEqual(shown, [`token: hf_${MASK}`, ""], `batched: ${batched}`);
      assert.ok(!shown.join("").includes(token.slice(3, 12)) && !shown.join("").includes(token.slice(12)));
    }
  });

  test("the reader's own key split over two, or three, console.log calls never appears", () => {
    const key = "s3cret-value-42!";
    const env = { CARNET_MODEL_KEY: key };
    const two = lines(["key is s3cret-", "value-42! and more"], env).lines;
    assert.deepEqual(two, [`key is ${MASK}`, " and more"]);
    const three = lines(["s3c", "ret-val", "ue-42!"], env).lines;
    assert.equal(three.join("|").includes("ret-val"), false, three.join("|"));
    assert.equal(three.join(""), MASK);
  });

  test("ordinary lines pass unchanged, each as its own line, and nothing is lost at the end", () => {
    const calls = ["first line", "a line ending in h", "hf_hub is a package", "last"];
    assert.deepEqual(lines(calls).lines, calls);
    assert.deepEqual(lines(["only a start: hf_"]).lines, ["only a start: hf_"]);
  });

  test("a line that holds part of a split secret loses its expandable values", () => {
    const posted: FromKernel[] = [];
    const post = maskedPost((m) => posted.push(m), {});
    post({ type: "output", run: 1, late: false, items: [{ kind: "log", level: "log", text: token.slice(0, 12), indent: 0, values: [{ type: "text", text: token.slice(0, 12) }] }] });
    post({ type: "output", run: 1, late: false, items: [{ kind: "log", level: "log", text: `${token.slice(12)} {}`, indent: 0, values: [{ type: "text", text: token.slice(12) }, { type: "object", text: "{}", preview: "{}", ref: 1 }] }] });
    const text = JSON.stringify(posted);
    assert.equal(text.includes(token.slice(12)), false, text);
  });

  test("maskPieces masks the joined text and says which pieces a secret crosses", () => {
    const { texts, crossed } = maskPieces(["token hf_AbCdEfGhIj", "KlMnOpQrStUvWx ok"]);
    assert.deepEqual(texts, [`token hf_${MASK}`, " ok"]);
    assert.deepEqual(crossed, [true, true]);
    assert.deepEqual(maskPieces(["plain", " text"]), { texts: ["plain", " text"], crossed: [false, false] });
  });
});
