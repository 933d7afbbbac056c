import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { generateCrds, KINDS, validateDocuments } from "../../api/index.ts";
import { render } from "../../kustomize/index.ts";
import { generate } from "../../plugin/cmp/generate.ts";
import { loadEngine } from "../../plugin/engine.ts";
import { startControlPlane, type ControlPlane } from "../harness/control-plane.ts";
import { repoRoot, runCli } from "./cmp-run.ts";

const example = join(repoRoot, "overlays-example");
const overlays = ["staging", "production"] as const;

async function renderOverlay(name: string) {
  const r = await render(join(example, "overlays", name), { loadRestrictor: "rootOnly", allowRemote: false });
  assert.ok(r.ok, r.ok ? "" : `render ${name}: ${r.error.file ?? ""} ${r.error.message}`);
  return r;
}

describe("overlays-example", () => {
  for (const name of overlays) {
    test(`the ${name} overlay renders and validates cleanly`, async () => {
      const r = await renderOverlay(name);
      const docs = r.documents.map((d, index) => ({
        object: d.object,
        file: d.source.file,
        line: d.source.line,
        column: 1,
        index,
      }));
      const findings = validateDocuments(docs, { strict: true });
      assert.deepEqual(findings, []);
      const kinds = r.documents.map((d) => d.object["kind"]).sort();
      assert.deepEqual(kinds, [
        "Certificate",
        "Certificate",
        "Certificate",
        "ClusterIssuer",
        "ClusterIssuer",
        "Ingress",
        "Namespace",
        "Namespace",
        "Namespace",
        "Namespace",
      ]);
    });

    test(`the ${name} overlay passes every guardrail, across both environments`, async () => {
      const out = await generate(
        {
          cwd: join(example, "overlays", name),
          env: { ARGOCD_APP_SOURCE_PATH: `overlays/${name}`, PARAM_STRICT: "true" },
        },
        await loadEngine(),
      );
      assert.ok(out.ok, out.ok ? "" : out.report);
      assert.equal(out.environment.name, name);
      assert.equal(out.environment.source, "config");
    });
  }

  test("the Flux examples pass `certflow flux check` as kustomize-controller would build them", async () => {
    const r = await runCli([
      "flux",
      "check",
      "plugin/flux/staging.yaml",
      "plugin/flux/production.yaml",
      "--source-root",
      ".",
      "--print",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /ok: Kustomization flux-system\/certflow-issuers \(\.\/overlays-example\/overlays\/staging, environment staging\)/,
    );
    assert.match(
      r.stderr,
      /ok: Kustomization flux-system\/certflow-issuers \(\.\/overlays-example\/overlays\/production, environment production\)/,
    );
    assert.match(r.stdout, /letsencrypt-staging/);
  });

  test("`certflow flux check` fails a Kustomization whose build breaks the guardrails", async () => {
    const r = await runCli([
      "flux",
      "check",
      "plugin/flux/production.yaml",
      "--source-root",
      ".",
      "--environment",
      "staging",
    ]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      /error: .*letsencrypt-prod.yaml:\d+: ClusterIssuer letsencrypt-prod spec.acme.server: .*\[staging-uses-production-acme\]/,
    );
  });

  describe("on the local control plane", () => {
    let cp: ControlPlane;

    before(async () => {
      cp = await startControlPlane();
      for (const crd of generateCrds()) {
        const r = await apply(cp, crd, false);
        assert.ok(r.status === 200 || r.status === 201, `install CRD: ${JSON.stringify(r.json)}`);
      }
      // Wait for every CRD to be Established before anything uses its kinds.
      for (const crd of generateCrds()) {
        const name = (crd["metadata"] as { name: string }).name;
        for (let i = 0; ; i++) {
          const got = await cp.request(
            "GET",
            `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
          );
          const conditions = (
            (got.json["status"] ?? {}) as { conditions?: { type: string; status: string }[] }
          ).conditions;
          if (conditions?.some((c) => c.type === "Established" && c.status === "True")) break;
          assert.ok(i < 100, `CRD ${name} not established after 10 s`);
          await sleep(100);
        }
      }
    });
    after(async () => {
      await cp?.stop();
    });

    test("the staging overlay applies with server-side dry run", async () => {
      const r = await renderOverlay("staging");
      const objects = r.documents.map((d) => d.object);
      // Namespaces are created for real: a dry-run Namespace does not make room for the objects in it.
      for (const ns of objects.filter((o) => o["kind"] === "Namespace")) {
        const created = await apply(cp, ns, false);
        assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.json));
      }
      for (const obj of objects) {
        const res = await apply(cp, obj, true);
        assert.ok(
          res.status === 200 || res.status === 201,
          `${String(obj["kind"])}: ${JSON.stringify(res.json)}`,
        );
        assert.deepEqual(
          (res.json["metadata"] as { name?: string }).name,
          (obj["metadata"] as { name: string }).name,
        );
      }
      // Dry run: nothing was stored.
      const stored = await cp.request("GET", "/apis/cert-manager.io/v1/clusterissuers/letsencrypt-staging");
      assert.equal(stored.status, 404);
    });
  });
});

const builtIn: Record<string, { prefix: string; plural: string; namespaced: boolean }> = {
  "v1/Namespace": { prefix: "/api/v1", plural: "namespaces", namespaced: false },
  "networking.k8s.io/v1/Ingress": {
    prefix: "/apis/networking.k8s.io/v1",
    plural: "ingresses",
    namespaced: true,
  },
  "apiextensions.k8s.io/v1/CustomResourceDefinition": {
    prefix: "/apis/apiextensions.k8s.io/v1",
    plural: "customresourcedefinitions",
    namespaced: false,
  },
};

function objectPath(obj: Record<string, unknown>): string {
  const apiVersion = String(obj["apiVersion"]);
  const kind = String(obj["kind"]);
  const meta = obj["metadata"] as { name: string; namespace?: string };
  const crd = KINDS.find((k) => `${k.group}/v1` === apiVersion && k.kind === kind);
  const def = crd
    ? { prefix: `/apis/${apiVersion}`, plural: crd.plural, namespaced: crd.scope === "Namespaced" }
    : builtIn[`${apiVersion}/${kind}`];
  assert.ok(def, `no API path known for ${apiVersion} ${kind}`);
  const ns = def.namespaced ? `/namespaces/${meta.namespace ?? "default"}` : "";
  return `${def.prefix}${ns}/${def.plural}/${meta.name}`;
}

/** Server-side apply (PATCH application/apply-patch+yaml), optionally with dryRun=All. */
function apply(cp: ControlPlane, obj: Record<string, unknown>, dryRun: boolean) {
  const query = `?fieldManager=certflow-overlays-example-test&force=true&fieldValidation=Strict${dryRun ? "&dryRun=All" : ""}`;
  return cp.request("PATCH", `${objectPath(obj)}${query}`, obj, "application/apply-patch+yaml");
}
