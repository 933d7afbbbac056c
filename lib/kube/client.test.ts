import assert from "node:assert/strict";
import { test } from "node:test";
import { resourceOfPath } from "./client.ts";

test("resourceOfPath names the resource and subresource of API paths", () => {
  const cases: [string, string][] = [
    ["/api/v1/namespaces", "namespaces"],
    ["/api/v1/namespaces/default", "namespaces"],
    ["/api/v1/namespaces/default/secrets", "secrets"],
    ["/api/v1/namespaces/default/secrets/web-tls", "secrets"],
    ["/api/v1/secrets?labelSelector=x", "secrets"],
    ["/apis/cert-manager.io/v1/namespaces/prod/certificates/web/status", "certificates/status"],
    ["/apis/cert-manager.io/v1/clusterissuers/ca/status", "clusterissuers/status"],
    ["/apis/coordination.k8s.io/v1/namespaces/cm/leases/certflow", "leases"],
  ];
  for (const [path, want] of cases) assert.equal(resourceOfPath(path), want, path);
});
