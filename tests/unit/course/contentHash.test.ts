import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { contentHash, splitFrontmatter } from "../../../src/course/contentHash.ts";

describe("content hash", () => {
  it("is 16 hex digits and stable", () => {
    assert.match(contentHash("# Title\n\nText."), /^[0-9a-f]{16}$/);
    assert.equal(contentHash("# Title\n\nText."), contentHash("# Title\n\nText."));
  });

  it("ignores line endings and trailing spaces", () => {
    assert.equal(contentHash("# Title\r\n\r\nText.  \n"), contentHash("# Title\n\nText."));
  });

  it("changes when the text changes", () => {
    assert.notEqual(contentHash("# Title\n\nText."), contentHash("# Title\n\nText!"));
  });

  it("splits frontmatter from the body", () => {
    assert.deepEqual(splitFrontmatter("---\ntitle: A\n---\nBody\n"), { frontmatter: "title: A", body: "Body\n" });
    assert.deepEqual(splitFrontmatter("No frontmatter"), { frontmatter: "", body: "No frontmatter" });
  });
});
