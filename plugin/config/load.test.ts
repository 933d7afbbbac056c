import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "./load.ts";

test("loadConfig finds certflow.yaml above the overlay but never above the repository root", async () => {
  const top = await mkdtemp(join(tmpdir(), "certflow-config-"));
  try {
    const repo = join(top, "repo");
    const overlay = join(repo, "overlays", "staging");
    await mkdir(overlay, { recursive: true });
    // A config outside the repository must be ignored.
    await writeFile(join(top, "certflow.yaml"), "guardrails:\n  issuer-not-defined: off\n");
    let r = await loadConfig(overlay, repo);
    assert.ok(r.ok);
    assert.equal(r.config.file, undefined);
    assert.equal(r.config.guardrails["issuer-not-defined"], "error");

    await writeFile(join(repo, "certflow.yaml"), "guardrails:\n  issuer-not-defined: warning\n");
    r = await loadConfig(overlay, repo);
    assert.ok(r.ok);
    assert.equal(r.config.file, join(repo, "certflow.yaml"));
    assert.equal(r.config.guardrails["issuer-not-defined"], "warning");
  } finally {
    await rm(top, { recursive: true, force: true });
  }
});
