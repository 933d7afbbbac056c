import assert from "node:assert/strict";
import { test } from "node:test";
import type { Certificate } from "../../api/types.ts";
import { Metrics } from "./metrics.ts";

test("Prometheus text with cert-manager's metric names and labels", () => {
  const m = new Metrics();
  m.syncCall("certificates-trigger");
  m.syncError("certificates-trigger");
  const cert: Certificate = {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "web", namespace: "prod" },
    spec: { secretName: "s", issuerRef: { name: "ca", kind: "ClusterIssuer" } },
    status: {
      notAfter: "2026-03-01T00:00:00Z",
      renewalTime: "2026-02-01T00:00:00Z",
      conditions: [{ type: "Ready", status: "True" }],
    },
  };
  const text = m.render(
    {
      certificates: () => [cert],
      issuers: () => [],
      clusterIssuers: () => [],
      kubeRequests: () => new Map([["PATCH certificates/status", 3]]),
    },
    new Date("2026-01-01T00:00:00Z"),
  );
  const l = 'name="web",namespace="prod",issuer_name="ca",issuer_kind="ClusterIssuer",issuer_group=""';
  assert.ok(text.includes(`certmanager_certificate_expiration_timestamp_seconds{${l}} 1772323200\n`));
  assert.ok(text.includes(`certmanager_certificate_renewal_timestamp_seconds{${l}} 1769904000\n`));
  assert.ok(text.includes(`certmanager_certificate_ready_status{${l},condition="True"} 1\n`));
  assert.ok(text.includes(`certmanager_certificate_ready_status{${l},condition="False"} 0\n`));
  assert.ok(text.includes('certmanager_controller_sync_call_count{controller="certificates-trigger"} 1\n'));
  assert.ok(text.includes('certmanager_controller_sync_error_count{controller="certificates-trigger"} 1\n'));
  assert.ok(text.includes("# TYPE certmanager_certificate_ready_status gauge"));
  assert.ok(
    text.includes('certflow_kube_client_requests_total{method="PATCH",resource="certificates/status"} 3\n'),
  );
  assert.ok(text.includes("certmanager_clock_time_seconds_gauge 1767225600\n"));
});
