import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { forgetSecrets, kernelEnv, loadSettings, saveSettings, type ModelSettings, type Stores } from "../../../../src/notebook/models/page/settingsStore.ts";

/** A Storage kept in a Map. */
class MemoryStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  key(index: number) {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  dump(): string {
    return [...this.map.values()].join("\n");
  }
}

const token = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456";

function stores() {
  const session = new MemoryStorage();
  const local = new MemoryStorage();
  return { session, local, stores: { session, local } satisfies Stores };
}

const nothing = { token: "", provider: "", url: "", key: "", browserModel: "" };
const base: ModelSettings = { backend: "huggingface", values: { ...nothing, token }, remember: false };

describe("settingsStore", () => {
  test("nothing saved: auto, no secrets", () => {
    const { stores: s } = stores();
    assert.deepEqual(loadSettings(s), { backend: "auto", values: nothing, remember: false });
  });

  test("the token is kept for the session only unless remembered", () => {
    const { session, local, stores: s } = stores();
    saveSettings(base, s);
    assert.equal(session.dump().includes(token), true);
    assert.equal(local.dump().includes(token), false);
    assert.equal(loadSettings(s).values.token, token);

    saveSettings({ ...base, remember: true }, s);
    assert.equal(local.dump().includes(token), true);
    assert.equal(session.dump().includes(token), false, "moved, not copied");
    assert.deepEqual(loadSettings(s), { ...base, remember: true });

    saveSettings({ ...base, remember: false }, s);
    assert.equal(local.dump().includes(token), false, "unticking remember removes it from the device");
  });

  test("forget removes the token and key from both storages", () => {
    const { session, local, stores: s } = stores();
    saveSettings({ ...base, values: { ...base.values, key: "my-key-123" }, remember: true }, s);
    session.setItem("carnet:models:secrets", JSON.stringify({ token }));
    forgetSecrets(s);
    assert.equal(session.dump().includes(token) || local.dump().includes(token) || local.dump().includes("my-key-123"), false);
    assert.equal(loadSettings(s).values.token, "");
  });

  test("settings saved in the earlier flat shape load as they were", () => {
    const { local, session, stores: s } = stores();
    local.setItem("carnet:models", JSON.stringify({ backend: "custom", provider: "", url: "http://localhost:11434/v1", browserModel: "", remember: false }));
    session.setItem("carnet:models:secrets", JSON.stringify({ key: "k" }));
    assert.deepEqual(loadSettings(s), { backend: "custom", values: { ...nothing, url: "http://localhost:11434/v1", key: "k" }, remember: false });
  });

  test("an unknown backend reads as auto", () => {
    const { local, stores: s } = stores();
    local.setItem("carnet:models", JSON.stringify({ backend: "gone" }));
    assert.equal(loadSettings(s).backend, "auto");
  });

  test("unavailable storage: nothing breaks", () => {
    const broken = { getItem: () => { throw new Error("denied"); }, setItem: () => { throw new Error("denied"); }, removeItem: () => { throw new Error("denied"); } } as unknown as Storage;
    const s = { session: broken, local: undefined };
    saveSettings(base, s);
    forgetSecrets(s);
    assert.equal(loadSettings(s).backend, "auto");
  });

  test("kernelEnv: what cells see as process.env", () => {
    assert.deepEqual(kernelEnv({ ...base, values: { ...base.values, provider: "together" } }), { CARNET_MODEL_BACKEND: "huggingface", HF_TOKEN: token, CARNET_HF_PROVIDER: "together" });
    assert.deepEqual(kernelEnv({ ...base, backend: "custom", values: { ...nothing, url: "http://localhost:11434/v1", key: "k" } }), {
      CARNET_MODEL_BACKEND: "custom",
      CARNET_MODEL_URL: "http://localhost:11434/v1",
      CARNET_MODEL_KEY: "k",
    });
    assert.deepEqual(kernelEnv({ ...base, backend: "site", values: { ...nothing, url: "http://x/v1", key: "k" } }), { CARNET_MODEL_BACKEND: "site" });
    assert.deepEqual(kernelEnv({ ...base, backend: "browser", values: { ...base.values, browserModel: "m" } }), { CARNET_MODEL_BACKEND: "browser", HF_TOKEN: token, CARNET_BROWSER_MODEL: "m" });
  });
});
