import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { parameterSpecs, paramEnvName, readCmpOptions } from "./params.ts";

describe("readCmpOptions", () => {
  test("without parameters, our defaults apply (Argo CD sends none)", () => {
    const r = readCmpOptions({ ARGOCD_APP_NAME: "certflow-staging", KUBE_API_VERSIONS: "v1,apps/v1" });
    assert.ok(r.ok);
    assert.deepEqual(r.options, {
      environment: "auto",
      overlay: ".",
      strict: false,
      syncWaves: true,
      disableGuardrails: [],
      externalIssuers: [],
    });
    assert.equal(r.context.appName, "certflow-staging");
    assert.deepEqual(r.context.kubeApiVersions, ["v1", "apps/v1"]);
  });

  test("PARAM_* and ARGOCD_APP_PARAMETERS as Argo CD sets them", () => {
    const r = readCmpOptions({
      ARGOCD_APP_PARAMETERS: JSON.stringify([
        { name: "environment", string: "production" },
        { name: "disable-guardrails", array: ["issuer-not-defined"] },
      ]),
      PARAM_ENVIRONMENT: "production",
      PARAM_DISABLE_GUARDRAILS_0: "issuer-not-defined",
      PARAM_SYNC_WAVES: "false",
    });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.options.environment, "production");
    assert.equal(r.options.syncWaves, false);
    assert.deepEqual(r.options.disableGuardrails, ["issuer-not-defined"]);
  });

  test("ARGOCD_APP_PARAMETERS wins over PARAM_* which wins over plugin env", () => {
    const r = readCmpOptions({
      ARGOCD_ENV_CERTFLOW_ENVIRONMENT: "staging",
      ARGOCD_ENV_CERTFLOW_EXTERNAL_ISSUERS: "ClusterIssuer/vault, Issuer/team/local",
      PARAM_STRICT: "true",
      ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: "strict", string: "false" }]),
    });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.options.environment, "staging");
    assert.equal(r.options.strict, false);
    assert.deepEqual(r.options.externalIssuers, [
      { kind: "ClusterIssuer", name: "vault" },
      { kind: "Issuer", namespace: "team", name: "local" },
    ]);
  });

  const bad: Record<string, { env: Record<string, string>; error: RegExp }> = {
    "an unknown parameter in ARGOCD_APP_PARAMETERS": {
      env: { ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: "enviroment", string: "x" }]) },
      error: /unknown parameter "enviroment"; known: environment, overlay/,
    },
    "an unknown PARAM_ variable": { env: { PARAM_OVERLAYS: "x" }, error: /unknown parameter OVERLAYS/ },
    "an unknown CERTFLOW plugin env": {
      env: { ARGOCD_ENV_CERTFLOW_ENV: "x" },
      error: /unknown plugin env CERTFLOW_ENV/,
    },
    "a boolean that is not one": {
      env: { PARAM_STRICT: "maybe" },
      error: /strict: expected true or false, got "maybe"/,
    },
    "an unknown guardrail id": {
      env: { PARAM_DISABLE_GUARDRAILS_0: "all" },
      error: /unknown guardrail "all"/,
    },
    "a malformed external issuer": {
      env: { PARAM_EXTERNAL_ISSUERS_0: "vault" },
      error: /external-issuers: expected/,
    },
    "broken JSON": { env: { ARGOCD_APP_PARAMETERS: "[{" }, error: /not valid JSON/ },
  };
  for (const [name, tc] of Object.entries(bad)) {
    test(`rejects ${name}`, () => {
      const r = readCmpOptions(tc.env);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.errors.join("\n"), tc.error);
    });
  }

  test("other ARGOCD_ENV_ variables are left alone", () => {
    assert.ok(readCmpOptions({ ARGOCD_ENV_FOO: "bar" }).ok);
  });

  test("paramEnvName escapes like Argo CD", () => {
    assert.equal(paramEnvName("sync-waves"), "PARAM_SYNC_WAVES");
    assert.equal(paramEnvName("a.b/c"), "PARAM_A_B_C");
  });

  test("plugin.yaml announces exactly these parameters with the same defaults", async () => {
    const text = await readFile(new URL("../plugin.yaml", import.meta.url), "utf8");
    const announced = (parse(text) as { spec: { parameters: { static: Record<string, unknown>[] } } }).spec
      .parameters.static;
    assert.deepEqual(
      announced.map((p) => [p["name"], p["array"] ?? p["string"]]),
      parameterSpecs.map((p) => [p.name, p.default]),
    );
  });

  test("the ConfigMap in plugin/argocd carries plugin.yaml unchanged", async () => {
    const plugin = await readFile(new URL("../plugin.yaml", import.meta.url), "utf8");
    const cm = parse(
      await readFile(new URL("../argocd/cmp-plugin-configmap.yaml", import.meta.url), "utf8"),
    ) as {
      data: Record<string, string>;
    };
    assert.equal(cm.data["plugin.yaml"], plugin);
  });
});
