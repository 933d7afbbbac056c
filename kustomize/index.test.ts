import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { render } from "./index.ts";

const tmp = mkdtempSync(join(tmpdir(), "certflow-render-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = join(tmp, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, ".."), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe("render()", () => {
  test("documents carry the absolute source file and line", async () => {
    const root = tree("sources", {
      "base/kustomization.yaml": "resources:\n- issuers.yaml\n",
      "base/issuers.yaml":
        "# leading comment\napiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: a\n---\napiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: b\n",
      "overlay/kustomization.yaml": "resources:\n- ../base\nnamespace: x\n",
    });
    const r = await render(join(root, "overlay"));
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(
      r.documents.map((d) => [d.object["kind"], d.source.file, d.source.line]),
      [
        ["ClusterIssuer", join(root, "base/issuers.yaml"), 2],
        ["Issuer", join(root, "base/issuers.yaml"), 7],
      ],
    );
    assert.ok(
      r.yaml.startsWith(
        "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: a\n  namespace: x\n---\n",
      ),
      r.yaml,
    );
  });

  test("bad input is an error value naming the kustomization file and field", async () => {
    const root = tree("missing", { "kustomization.yaml": "resources:\n- nope.yaml\n" });
    const r = await render(root);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.file, join(root, "kustomization.yaml"));
      assert.equal(r.error.field, "resources[0]");
    }
  });

  test("symlink escapes are refused unless the load restrictor is none", async () => {
    const root = tree("symlink", {
      "outside/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
      "app/kustomization.yaml": "resources:\n- link.yaml\n",
    });
    symlinkSync("../outside/cm.yaml", join(root, "app/link.yaml"));
    const refused = await render(join(root, "app"));
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.match(refused.error.message, /symlink.*not in or below/);
    const allowed = await render(join(root, "app"), { loadRestrictor: "none" });
    assert.ok(allowed.ok);
  });

  test("plugins never run", async () => {
    const root = tree("plugins", {
      "kustomization.yaml": "generators:\n- gen.yaml\n",
      "gen.yaml": "apiVersion: x/v1\nkind: Exec\nmetadata:\n  name: g\n",
    });
    const r = await render(root);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /never run/);
  });
});
