import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parseAllDocuments } from "yaml";
import { argoEnv, makeWorkingCopy, runGenerate } from "./cmp-run.ts";

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  // Only read in assertions: any field path a test looks at.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
};

/** Parses stdout the way Argo CD does: a stream of YAML documents, each one a Kubernetes object. */
function manifestStream(stdout: string): Obj[] {
  const docs = parseAllDocuments(stdout);
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((d) => {
    assert.equal(d.errors.length, 0, `stdout is valid YAML: ${d.errors[0]?.message}`);
    const o = d.toJS() as Obj;
    assert.ok(
      o && typeof o.apiVersion === "string" && typeof o.kind === "string" && o.metadata?.name,
      `a Kubernetes object: ${JSON.stringify(o)}`,
    );
    return o;
  });
}

function find(objs: Obj[], kind: string, name: string): Obj | undefined {
  return objs.find((o) => o.kind === kind && o.metadata.name === name);
}

describe("certflow cmp generate, run as argocd-cmp-server runs it", () => {
  let wc: Awaited<ReturnType<typeof makeWorkingCopy>>;
  const app = (env: string) => `overlays-example/overlays/${env}`;
  const cwd = (env: string) => join(wc.repo, app(env));

  before(async () => {
    wc = await makeWorkingCopy();
  });
  after(() => wc?.cleanup());

  test("staging renders, validates and prints only manifests with sync waves", async () => {
    const r = await runGenerate(cwd("staging"), argoEnv(app("staging")));
    assert.equal(r.code, 0, r.stderr);
    const objs = manifestStream(r.stdout);
    assert.equal(
      find(objs, "ClusterIssuer", "letsencrypt-prod"),
      undefined,
      "the production issuer is removed in staging",
    );
    const issuer = find(objs, "ClusterIssuer", "letsencrypt-staging");
    assert.equal(issuer?.spec.acme.server, "https://acme-staging-v02.api.letsencrypt.org/directory");
    assert.equal(issuer?.metadata.annotations?.["argocd.argoproj.io/sync-wave"], "-1");
    assert.equal(find(objs, "Certificate", "api-tls")?.spec.issuerRef.name, "letsencrypt-staging");
    assert.equal(
      find(objs, "Certificate", "wildcard-example-com")?.spec.issuerRef.name,
      "letsencrypt-staging",
    );
    assert.equal(find(objs, "Certificate", "dashboard-tls")?.spec.issuerRef.name, "internal-ca");
    assert.equal(
      find(objs, "Ingress", "my-app")?.metadata.annotations?.["cert-manager.io/cluster-issuer"],
      "letsencrypt-staging",
    );
    assert.equal(
      find(objs, "Namespace", "api")?.metadata.annotations?.["argocd.argoproj.io/sync-wave"],
      "-3",
    );
    assert.doesNotMatch(r.stderr, /error/i);
  });

  test("production, with the parameters an ApplicationSet sets", async () => {
    const env = argoEnv(app("production"), {
      ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: "environment", string: "production" }]),
      PARAM_ENVIRONMENT: "production",
    });
    const r = await runGenerate(cwd("production"), env);
    assert.equal(r.code, 0, r.stderr);
    const objs = manifestStream(r.stdout);
    const issuer = find(objs, "ClusterIssuer", "letsencrypt-prod");
    assert.equal(issuer?.spec.acme.server, "https://acme-v02.api.letsencrypt.org/directory");
    assert.equal(issuer?.spec.acme.email, "tls-oncall@example.com");
    assert.equal(find(objs, "ClusterIssuer", "letsencrypt-staging"), undefined);
  });

  test("sync-waves=false passes the renderer's output through", async () => {
    const r = await runGenerate(cwd("staging"), argoEnv(app("staging"), { PARAM_SYNC_WAVES: "false" }));
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /argocd\.argoproj\.io\/sync-wave/);
  });

  describe("bad input fails with a clear message and nothing on stdout", () => {
    const failures: Record<
      string,
      {
        env: string;
        extra?: Record<string, string>;
        edit?: (repo: string) => Promise<() => Promise<void>>;
        stderr: RegExp;
      }
    > = {
      "a missing overlay": {
        env: "staging",
        extra: { PARAM_OVERLAY: "../qa" },
        stderr: /overlay overlays-example\/overlays\/qa not found/,
      },
      "an unknown parameter": {
        env: "staging",
        extra: { ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: "enviroment", string: "staging" }]) },
        stderr: /unknown parameter "enviroment"/,
      },
      "an unknown environment": {
        env: "staging",
        extra: { PARAM_ENVIRONMENT: "qa-eu" },
        stderr: /unknown environment "qa-eu"/,
      },
      "a production overlay pointing at the staging ACME directory": {
        env: "production",
        edit: (repo) =>
          replaceIn(
            join(repo, "overlays-example/base/cluster-issuers/letsencrypt-prod.yaml"),
            "acme-v02.api",
            "acme-staging-v02.api",
          ),
        stderr:
          /base\/cluster-issuers\/letsencrypt-prod.yaml:\d+: ClusterIssuer letsencrypt-prod spec.acme.server: .*\[production-uses-staging-acme\]/,
      },
      "a Certificate naming an issuer the overlay lacks": {
        env: "production",
        edit: (repo) =>
          replaceIn(
            join(repo, "overlays-example/base/certificates/api-tls.yaml"),
            "name: letsencrypt-prod",
            "name: letsencrypt",
          ),
        stderr: /api-tls.yaml:\d+: Certificate api\/api-tls spec.issuerRef.name: .*\[issuer-not-defined\]/,
      },
      "an invalid manifest": {
        env: "staging",
        edit: (repo) =>
          replaceIn(
            join(repo, "overlays-example/base/certificates/dashboard-tls.yaml"),
            "duration: 2160h",
            "duration: ninety-days",
          ),
        stderr: /dashboard-tls.yaml:\d+: Certificate monitoring\/dashboard-tls spec.duration/,
      },
      "a render error": {
        env: "staging",
        edit: async (repo) => {
          const file = join(repo, "overlays-example/overlays/staging/kustomization.yaml");
          const before = await readFile(file, "utf8");
          await writeFile(
            file,
            before.replace(
              "  - cluster-issuers/letsencrypt-staging.yaml",
              "  - cluster-issuers/letsencrypt-staging.yaml\n  - does-not-exist.yaml",
            ),
          );
          return () => writeFile(file, before);
        },
        stderr: /render failed: .*does-not-exist\.yaml|does-not-exist\.yaml.*render failed/,
      },
    };
    for (const [name, tc] of Object.entries(failures)) {
      test(name, async () => {
        const restore = tc.edit ? await tc.edit(wc.repo) : undefined;
        try {
          const r = await runGenerate(cwd(tc.env), argoEnv(app(tc.env), tc.extra));
          assert.equal(r.code, 1, `exit code; stderr: ${r.stderr}`);
          assert.equal(r.stdout, "", "nothing on stdout");
          assert.match(r.stderr, tc.stderr);
          assert.doesNotMatch(r.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, "no stack trace");
        } finally {
          await restore?.();
        }
      });
    }
  });
});

async function replaceIn(file: string, from: string, to: string): Promise<() => Promise<void>> {
  const before = await readFile(file, "utf8");
  assert.ok(before.includes(from), `${file} contains ${from}`);
  await writeFile(file, before.replace(from, to));
  return () => writeFile(file, before);
}
