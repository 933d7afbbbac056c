import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Engine } from "./engine-types.ts";
import type { PluginFinding } from "./findings.ts";
import { placeFindings } from "./place-findings.ts";

test("placeFindings moves a finding from its document's first line to its field's line", async () => {
  const dir = await mkdtemp(join(tmpdir(), "certflow-place-"));
  try {
    const file = join(dir, "issuer.yaml");
    await writeFile(file, "# comment\nkind: ClusterIssuer\nspec:\n  acme:\n    server: x\n");
    const engine: Engine = {
      render: async () => ({ ok: false, error: { message: "unused" } }),
      validate: () => [],
      // A stand-in for api's parseManifests: one document starting on line 2.
      parse: () => [
        { line: 2, locate: (path) => (path === "spec.acme.server" ? { line: 5, column: 5 } : undefined) },
      ],
    };
    const base: PluginFinding = {
      severity: "error",
      file,
      line: 2,
      column: 1,
      kind: "ClusterIssuer",
      name: "x",
      field: "spec.acme.server",
      message: "m",
    };
    const [moved, kept, other] = await placeFindings(
      [base, { ...base, field: "spec.unknown" }, { ...base, line: 9 }],
      engine,
    );
    assert.deepEqual([moved?.line, moved?.column], [5, 5]);
    assert.equal(kept?.line, 2, "a field not in the file stays at the document line");
    assert.equal(other?.line, 9, "no document starts there: unchanged");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
