import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { Engine, RenderResultLike } from "../engine-types.ts";
import type { PluginFinding } from "../findings.ts";
import { generate } from "./generate.ts";

const prodServer = "https://acme-v02.api.letsencrypt.org/directory";
const stagingServer = "https://acme-staging-v02.api.letsencrypt.org/directory";

function overlayDocs(issuerName: string, server: string, certIssuer = issuerName): Record<string, unknown>[] {
  return [
    {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: issuerName },
      spec: { acme: { server } },
    },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "api-tls", namespace: "api" },
      spec: {
        secretName: "api-tls",
        dnsNames: ["api.example.com"],
        issuerRef: { name: certIssuer, kind: "ClusterIssuer" },
      },
    },
  ];
}

/** A renderer that returns canned objects per overlay directory, and a validator with canned findings. */
function fakeEngine(
  byDir: Record<string, RenderResultLike>,
  findings: PluginFinding[] = [],
): Engine & { rendered: string[] } {
  const rendered: string[] = [];
  return {
    rendered,
    async render(dir) {
      rendered.push(dir);
      return byDir[dir] ?? { ok: false, error: { message: `no fixture for ${dir}` } };
    },
    validate: () => findings,
  };
}

function ok(dir: string, objects: Record<string, unknown>[]): RenderResultLike {
  return {
    ok: true,
    documents: objects.map((object, i) => ({
      object,
      source: { file: join(dir, "resources.yaml"), line: i * 10 + 1 },
    })),
    yaml: objects.map((o) => JSON.stringify(o)).join("\n---\n"),
  };
}

describe("generate", () => {
  let repo = "";
  let staging = "";
  let production = "";
  const argoEnv = (appPath: string, extra: Record<string, string> = {}) => ({
    ARGOCD_APP_NAME: "certflow-x",
    ARGOCD_APP_NAMESPACE: "cert-manager",
    ARGOCD_APP_SOURCE_PATH: appPath,
    ARGOCD_APP_SOURCE_REPO_URL: "https://example.com/gitops.git",
    ...extra,
  });

  before(async () => {
    repo = await mkdtemp(join(tmpdir(), "certflow-generate-"));
    staging = join(repo, "overlays", "staging");
    production = join(repo, "overlays", "production");
    for (const d of [staging, production]) {
      await mkdir(d, { recursive: true });
      await writeFile(join(d, "kustomization.yaml"), "resources: []\n");
    }
  });
  after(() => rm(repo, { recursive: true, force: true }));

  test("a clean overlay prints only manifests, with sync waves", async () => {
    const engine = fakeEngine({
      [staging]: ok(staging, overlayDocs("letsencrypt-staging", stagingServer)),
      [production]: ok(production, overlayDocs("letsencrypt-prod", prodServer)),
    });
    const r = await generate({ cwd: staging, env: argoEnv("overlays/staging") }, engine);
    assert.ok(r.ok, r.ok ? "" : r.report);
    assert.equal(r.environment.type, "staging");
    const docs = parseAllDocuments(r.manifests).map(
      (d) => d.toJS() as { kind: string; metadata: { annotations?: Record<string, string> } },
    );
    assert.deepEqual(
      docs.map((d) => [d.kind, d.metadata.annotations?.["argocd.argoproj.io/sync-wave"]]),
      [
        ["ClusterIssuer", "-1"],
        ["Certificate", undefined],
      ],
    );
    // The cross-environment check rendered the production sibling too.
    assert.deepEqual(engine.rendered.sort(), [production, staging].sort());
  });

  test("without sync waves the renderer's YAML is passed through untouched", async () => {
    const rendered = ok(staging, overlayDocs("letsencrypt-staging", stagingServer));
    const engine = fakeEngine({
      [staging]: rendered,
      [production]: ok(production, overlayDocs("letsencrypt-prod", prodServer)),
    });
    const r = await generate(
      { cwd: staging, env: argoEnv("overlays/staging", { PARAM_SYNC_WAVES: "false" }) },
      engine,
    );
    assert.ok(r.ok);
    assert.equal(r.manifests, `${rendered.ok ? rendered.yaml : ""}\n`);
  });

  test("production pointing at the staging directory fails with the rule and file", async () => {
    const engine = fakeEngine({
      [production]: ok(production, overlayDocs("letsencrypt-prod", stagingServer)),
      [staging]: ok(staging, overlayDocs("letsencrypt-staging", stagingServer)),
    });
    const r = await generate({ cwd: production, env: argoEnv("overlays/production") }, engine);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.match(
      r.report,
      /^certflow: overlays\/production \(environment production, production, from the directory name\): 1 error, 0 warnings\n/,
    );
    assert.match(
      r.report,
      /error: overlays\/production\/resources.yaml:1: ClusterIssuer letsencrypt-prod spec.acme.server: .*\[production-uses-staging-acme\]/,
    );
  });

  test("the cross-environment check names the other environment's issuer", async () => {
    const engine = fakeEngine({
      [production]: ok(production, overlayDocs("letsencrypt-prod", prodServer)),
      [staging]: ok(
        staging,
        [
          ...overlayDocs("letsencrypt-staging", stagingServer, "letsencrypt-staging"),
          {
            apiVersion: "cert-manager.io/v1",
            kind: "ClusterIssuer",
            metadata: { name: "internal-ca" },
            spec: { ca: { secretName: "x" } },
          },
        ].map((o) =>
          o["kind"] === "Certificate"
            ? {
                ...o,
                spec: { ...(o["spec"] as object), issuerRef: { name: "internal-ca", kind: "ClusterIssuer" } },
              }
            : o,
        ),
      ),
    });
    const r = await generate({ cwd: production, env: argoEnv("overlays/production") }, engine);
    assert.equal(r.ok, false);
    if (!r.ok)
      assert.match(
        r.report,
        /ClusterIssuer "internal-ca" in environment "staging".*\[issuer-differs-between-environments\]/,
      );
  });

  test("a guardrail switched off by parameter lets the overlay through", async () => {
    const engine = fakeEngine({
      [production]: ok(production, overlayDocs("letsencrypt-prod", stagingServer)),
    });
    const env = argoEnv("overlays/production", {
      ARGOCD_APP_PARAMETERS: JSON.stringify([
        {
          name: "disable-guardrails",
          array: ["production-uses-staging-acme", "issuer-differs-between-environments"],
        },
      ]),
    });
    const r = await generate({ cwd: production, env }, engine);
    assert.ok(r.ok, r.ok ? "" : r.report);
  });

  const failures: Record<
    string,
    { cwd: () => string; env: Record<string, string>; engine: () => Engine; report: RegExp }
  > = {
    "a missing overlay": {
      cwd: () => staging,
      env: { ARGOCD_APP_SOURCE_PATH: "overlays/staging", PARAM_OVERLAY: "../qa" },
      engine: () => fakeEngine({}),
      report: /overlay overlays\/qa not found/,
    },
    "an overlay outside the repository": {
      cwd: () => staging,
      env: { ARGOCD_APP_SOURCE_PATH: "overlays/staging", PARAM_OVERLAY: "../../.." },
      engine: () => fakeEngine({}),
      report: /outside the repository/,
    },
    "an unknown parameter": {
      cwd: () => staging,
      env: { ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: "env", string: "prod" }]) },
      engine: () => fakeEngine({}),
      report: /invalid plugin parameters:\n {2}unknown parameter "env"/,
    },
    "a render error": {
      cwd: () => staging,
      env: { ARGOCD_APP_SOURCE_PATH: "overlays/staging" },
      engine: () =>
        fakeEngine({
          [staging]: {
            ok: false,
            error: {
              message: "missing resource",
              file: join(staging, "kustomization.yaml"),
              field: "resources[0]",
            },
          },
        }),
      report:
        /^certflow: overlays\/staging: render failed: overlays\/staging\/kustomization.yaml: missing resource \(resources\[0\]\)\n$/,
    },
    "an invalid manifest": {
      cwd: () => staging,
      env: {
        ARGOCD_APP_SOURCE_PATH: "overlays/staging",
        PARAM_DISABLE_GUARDRAILS_0: "issuer-differs-between-environments",
      },
      engine: () =>
        fakeEngine({ [staging]: ok(staging, overlayDocs("letsencrypt-staging", stagingServer)) }, [
          {
            severity: "error",
            file: join(staging, "resources.yaml"),
            line: 11,
            column: 3,
            kind: "Certificate",
            namespace: "api",
            name: "api-tls",
            field: "spec.dnsNames[0]",
            message: "invalid DNS name",
          },
        ]),
      report:
        /error: overlays\/staging\/resources.yaml:11: Certificate api\/api-tls spec.dnsNames\[0\]: invalid DNS name/,
    },
    "an overlay that renders nothing": {
      cwd: () => staging,
      env: { ARGOCD_APP_SOURCE_PATH: "overlays/staging" },
      engine: () => fakeEngine({ [staging]: ok(staging, []), [production]: ok(production, []) }),
      report: /renders no objects/,
    },
  };
  for (const [name, tc] of Object.entries(failures)) {
    test(`fails cleanly on ${name}`, async () => {
      const r = await generate({ cwd: tc.cwd(), env: tc.env }, tc.engine());
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.report, tc.report);
    });
  }

  test("strict turns warnings into errors", async () => {
    const warning: PluginFinding = {
      severity: "warning",
      file: join(staging, "r.yaml"),
      line: 1,
      column: 1,
      kind: "Certificate",
      name: "api-tls",
      field: "spec",
      message: "deprecated field",
    };
    const engine = () =>
      fakeEngine(
        {
          [staging]: ok(staging, overlayDocs("letsencrypt-staging", stagingServer)),
          [production]: ok(production, overlayDocs("letsencrypt-prod", prodServer)),
        },
        [warning],
      );
    const lax = await generate({ cwd: staging, env: argoEnv("overlays/staging") }, engine());
    assert.ok(lax.ok);
    assert.match(lax.notes, /warning: .*deprecated field/);
    const strict = await generate(
      { cwd: staging, env: argoEnv("overlays/staging", { PARAM_STRICT: "true" }) },
      engine(),
    );
    assert.equal(strict.ok, false);
  });
});
