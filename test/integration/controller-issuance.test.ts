/**
 * End to end against a real kube-apiserver + etcd: the controller runs in-process (out of
 * cluster) and every scenario gets its own namespace on one shared control plane.
 */
import assert from "node:assert/strict";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { CertificateRequest } from "../../api/types.ts";
import { startController, type RunningController } from "../../controller/index.ts";
import { KubeClient, type KubeObject } from "../../lib/kube/client.ts";
import { RT } from "../../lib/kube/resources.ts";
import { parseCertificatesPem } from "../../lib/pki/certificate.ts";
import type { Extension } from "../../lib/pki/extensions.ts";
import { nameConstraintsExtension } from "../../lib/pki/name-constraints.ts";
import { OID } from "../../lib/pki/oids.ts";
import { startControlPlane, type ControlPlane } from "../harness/control-plane.ts";
import {
  applyObject,
  caSecret,
  certificate,
  ensureNamespace,
  getCert,
  installCrds,
  makeCA,
  until,
  waitReady,
  type TestCA,
} from "./controller-support.ts";

interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

const CRN = "cert-manager"; // cluster resource namespace for ClusterIssuer Secrets

describe("controller: SelfSigned and CA issuance against the local control plane", () => {
  let cp: ControlPlane;
  let client: KubeClient;
  let ctl: RunningController;
  let ca: TestCA;
  const stop = new AbortController();
  const logs: string[] = [];

  before(async () => {
    cp = await startControlPlane();
    client = await KubeClient.create(cp.kubeConfig);
    await installCrds(client);
    await ensureNamespace(client, CRN);
    ca = await makeCA("internal CA");
    await applyObject(client, RT.secrets, caSecret(CRN, "internal-ca-keypair", ca));
    await applyObject(client, RT.clusterIssuers, {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "internal-ca" },
      spec: { ca: { secretName: "internal-ca-keypair" } },
    } as KubeObject);
    ctl = await startController({
      kubeConfig: cp.kubeConfig,
      clusterResourceNamespace: CRN,
      signal: stop.signal,
      metricsPort: 0,
      healthPort: 0,
      listenHost: "127.0.0.1",
      minBackoffMs: 2000,
      maxBackoffMs: 4000,
      log: (l) => logs.push(l),
    });
  });

  after(async () => {
    stop.abort();
    await ctl?.stopped;
    client?.close();
    await cp?.stop();
  });

  const secret = (ns: string, name: string): Promise<Secret> => client.get<Secret>(RT.secrets, ns, name);
  const requestsOf = async (ns: string): Promise<CertificateRequest[]> =>
    (
      await client.request<{ items: CertificateRequest[] }>(
        "GET",
        `/apis/cert-manager.io/v1/namespaces/${ns}/certificaterequests`,
      )
    ).items;

  test("the seed's api-internal-cert becomes Ready via the internal-ca ClusterIssuer and verifies against the CA", async () => {
    await ensureNamespace(client, "backend");
    await applyObject(
      client,
      RT.certificates,
      certificate("backend", "api-internal-cert", {
        secretName: "api-internal-tls",
        duration: "2160h",
        renewBefore: "360h",
        issuerRef: { name: "internal-ca", kind: "ClusterIssuer" },
        dnsNames: ["api.backend.svc.cluster.local", "api.backend.svc"],
      }),
    );
    const cert = await waitReady(client, "backend", "api-internal-cert");
    const s = await secret("backend", "api-internal-tls");
    assert.equal(s.type, "kubernetes.io/tls");
    const leaf = new X509Certificate(Buffer.from(s.data?.["tls.crt"] ?? "", "base64"));
    const caCert = new X509Certificate(ca.certPem);
    assert.ok(leaf.verify(caCert.publicKey), "leaf is signed by the CA");
    assert.ok(leaf.checkIssued(caCert));
    assert.ok(leaf.checkPrivateKey(createPrivateKey(Buffer.from(s.data?.["tls.key"] ?? "", "base64"))));
    assert.match(Buffer.from(s.data?.["tls.key"] ?? "", "base64").toString(), /BEGIN RSA PRIVATE KEY/); // PKCS1 default
    assert.equal(Buffer.from(s.data?.["ca.crt"] ?? "", "base64").toString(), ca.certPem);
    assert.equal(leaf.subjectAltName, "DNS:api.backend.svc.cluster.local, DNS:api.backend.svc");
    const lifetime = Date.parse(leaf.validTo) - Date.parse(leaf.validFrom);
    assert.equal(lifetime, 2160 * 3600_000);
    assert.equal(cert.status?.notAfter, new Date(leaf.validTo).toISOString().replace(".000", ""));
    assert.equal(Date.parse(cert.status?.renewalTime ?? ""), Date.parse(leaf.validTo) - 360 * 3600_000);
    const a = s.metadata.annotations ?? {};
    assert.equal(a["cert-manager.io/certificate-name"], "api-internal-cert");
    assert.equal(a["cert-manager.io/issuer-kind"], "ClusterIssuer");
    assert.equal(a["cert-manager.io/issuer-name"], "internal-ca");
    assert.equal(a["cert-manager.io/alt-names"], "api.backend.svc.cluster.local,api.backend.svc");
    assert.equal(s.metadata.labels?.["controller.cert-manager.io/fao"], "true");
    // Exactly one request (revision 1), approved by the built-in approver, and no temporary key left.
    const crs = await requestsOf("backend");
    assert.deepEqual(
      crs.map((r) => r.metadata.name),
      ["api-internal-cert-1"],
    );
    assert.equal(crs[0]?.status?.conditions?.find((c) => c.type === "Approved")?.reason, "cert-manager.io");
    await until("temporary key Secret removed", 5000, async () => {
      const list = await client.request<{ items: Secret[] }>(
        "GET",
        "/api/v1/namespaces/backend/secrets?labelSelector=cert-manager.io/next-private-key",
      );
      return list.items.length === 0 ? true : undefined;
    });
  });

  test("metrics use cert-manager's names; health and readiness answer", async () => {
    const text = await (await fetch(`http://127.0.0.1:${ctl.metricsPort}/metrics`)).text();
    assert.match(
      text,
      /certmanager_certificate_expiration_timestamp_seconds\{name="api-internal-cert",namespace="backend",issuer_name="internal-ca",issuer_kind="ClusterIssuer",issuer_group=""\} \d{10}/,
    );
    assert.match(
      text,
      /certmanager_certificate_ready_status\{[^}]*name="api-internal-cert"[^}]*condition="True"\} 1/,
    );
    assert.match(text, /certmanager_certificate_renewal_timestamp_seconds\{[^}]*\} \d{10}/);
    assert.match(text, /certmanager_controller_sync_call_count\{controller="certificates-trigger"\} \d+/);
    assert.match(text, /certmanager_clusterissuer_ready_status\{name="internal-ca",condition="True"\} 1/);
    assert.equal((await fetch(`http://127.0.0.1:${ctl.healthPort}/healthz`)).status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${ctl.healthPort}/readyz`)).status, 200);
  });

  test("a short-lived certificate renews by itself within a second of its renewal time", async () => {
    await ensureNamespace(client, "renew");
    await applyObject(
      client,
      RT.certificates,
      certificate("renew", "short", {
        secretName: "short-tls",
        duration: "1h",
        renewBefore: "59m52s", // renewal 8 s after issuance
        issuerRef: { name: "internal-ca", kind: "ClusterIssuer" },
        dnsNames: ["short.example"],
        privateKey: { algorithm: "ECDSA", size: 256 },
      }),
    );
    const first = await waitReady(client, "renew", "short");
    const renewAt = Date.parse(first.status?.renewalTime ?? "");
    await waitReady(client, "renew", "short", 20_000, 2);
    // Read the renewed certificate itself: the revision bump can be seen a moment before the
    // readiness controller copies the new notBefore into the status.
    const renewed = new X509Certificate(
      Buffer.from((await secret("renew", "short-tls")).data?.["tls.crt"] ?? "", "base64"),
    );
    const notBefore = Date.parse(renewed.validFrom);
    // notBefore is whole seconds: the new certificate was signed in [renewalTime, renewalTime + 1 s].
    assert.ok(
      notBefore >= renewAt && notBefore <= renewAt + 1000,
      `renewed at ${renewed.validFrom}, due ${first.status?.renewalTime}`,
    );
    // revisionHistoryLimit defaults to 1: only the newest request is kept.
    await until("old request garbage-collected", 5000, async () => {
      const names = (await requestsOf("renew")).map((r) => r.metadata.name);
      return names.length === 1 && names[0] === "short-2" ? true : undefined;
    });
  });

  test("deleting the Secret re-issues; changing dnsNames re-issues; changing labels does not", async () => {
    await ensureNamespace(client, "triggers");
    const spec = {
      secretName: "app-tls",
      issuerRef: { name: "internal-ca", kind: "ClusterIssuer" },
      dnsNames: ["app.example"],
      privateKey: { algorithm: "ECDSA" as const },
    };
    await applyObject(client, RT.certificates, certificate("triggers", "app", spec));
    await waitReady(client, "triggers", "app");
    await client.delete(RT.secrets, "triggers", "app-tls");
    const afterDelete = await waitReady(client, "triggers", "app", 20_000, 2);
    assert.equal(afterDelete.status?.revision, 2);
    assert.ok((await secret("triggers", "app-tls")).data?.["tls.crt"]);

    await applyObject(
      client,
      RT.certificates,
      certificate("triggers", "app", { ...spec, dnsNames: ["app.example", "www.app.example"] }),
    );
    await waitReady(client, "triggers", "app", 20_000, 3);
    const leaf = new X509Certificate(
      Buffer.from((await secret("triggers", "app-tls")).data?.["tls.crt"] ?? "", "base64"),
    );
    assert.equal(leaf.subjectAltName, "DNS:app.example, DNS:www.app.example");

    await applyObject(
      client,
      RT.certificates,
      certificate(
        "triggers",
        "app",
        { ...spec, dnsNames: ["app.example", "www.app.example"] },
        { team: "blue" },
      ),
    );
    await sleep(1500);
    const c = await getCert(client, "triggers", "app");
    assert.equal(c?.status?.revision, 3, "a label change must not re-issue");
    assert.equal(c?.status?.conditions?.find((x) => x.type === "Issuing")?.status, "False");
  });

  test("a CA Certificate's nameConstraints reach the issued certificate; changing them re-issues", async () => {
    await ensureNamespace(client, "constrained");
    const nameConstraints = {
      critical: true,
      permitted: { dnsDomains: ["corp.example"], ipRanges: ["10.0.0.0/8"] },
    };
    const spec = {
      secretName: "sub-ca",
      issuerRef: { name: "internal-ca", kind: "ClusterIssuer" },
      commonName: "corp sub CA",
      isCA: true,
      nameConstraints,
    };
    const issued = async (): Promise<Extension | undefined> => {
      const crt = Buffer.from((await secret("constrained", "sub-ca")).data?.["tls.crt"] ?? "", "base64");
      return parseCertificatesPem(crt)[0]?.extensions.find((e) => e.oid === OID.nameConstraints);
    };
    await applyObject(client, RT.certificates, certificate("constrained", "sub", spec));
    await waitReady(client, "constrained", "sub");
    const first = await issued();
    const want = nameConstraintsExtension(nameConstraints) as Extension;
    assert.equal(first?.critical, true);
    assert.equal(first?.value.toString("hex"), want.value.toString("hex"));

    const widened = { ...nameConstraints, permitted: { dnsDomains: ["corp.example", "lab.example"] } };
    await applyObject(
      client,
      RT.certificates,
      certificate("constrained", "sub", { ...spec, nameConstraints: widened }),
    );
    const again = await waitReady(client, "constrained", "sub", 20_000, 2);
    assert.equal(again.status?.revision, 2, "a nameConstraints change re-issues");
    assert.equal(
      (await issued())?.value.toString("hex"),
      (nameConstraintsExtension(widened) as Extension).value.toString("hex"),
    );
  });

  test("renewal windows move status.renewalTime into a window; no possible window is a WindowError", async () => {
    await ensureNamespace(client, "windows");
    const base = { issuerRef: { name: "internal-ca", kind: "ClusterIssuer" }, dnsNames: ["w.example"] };
    await applyObject(
      client,
      RT.certificates,
      certificate("windows", "nightly", {
        ...base,
        secretName: "nightly-tls",
        renewal: { policy: "RenewBefore", windows: [{ cron: "0 3 * * *", windowDuration: "1m" }] },
      }),
    );
    const c = await waitReady(client, "windows", "nightly");
    const nb = Date.parse(c.status?.notBefore ?? "");
    const na = Date.parse(c.status?.notAfter ?? "");
    const desired = Math.floor((na - (na - nb) / 3) / 1000) * 1000;
    const at = Date.parse(c.status?.renewalTime ?? "");
    const inWindow = new Date(desired).getUTCHours() === 3 && new Date(desired).getUTCMinutes() === 0;
    if (inWindow) assert.equal(at, desired);
    else {
      assert.equal(new Date(at).toISOString().slice(11), "03:00:00.000Z", c.status?.renewalTime);
      assert.ok(at > desired && at <= desired + 86_400_000, "the first 03:00 after the desired time");
    }

    await applyObject(
      client,
      RT.certificates,
      certificate("windows", "never", {
        ...base,
        secretName: "never-tls",
        renewal: { windows: [{ cron: "0 0 30 2 *", windowDuration: "1h" }] },
      }),
    );
    const ready = await until("Ready=False WindowError", 20_000, async () => {
      const x = (await getCert(client, "windows", "never"))?.status?.conditions?.find(
        (k) => k.type === "Ready",
      );
      return x?.reason === "WindowError" ? x : undefined;
    });
    assert.match(
      ready.message ?? "",
      /^Could not calculate renewal time: cannot find a time with the given windows for: /,
    );
  });

  test("a Secret edited by hand with garbage is repaired by re-issuance", async () => {
    await ensureNamespace(client, "garbage");
    await applyObject(
      client,
      RT.certificates,
      certificate("garbage", "g", {
        secretName: "g-tls",
        issuerRef: { name: "internal-ca", kind: "ClusterIssuer" },
        dnsNames: ["g.example"],
        privateKey: { algorithm: "ECDSA" },
      }),
    );
    await waitReady(client, "garbage", "g");
    await client.mergePatch(RT.secrets, "garbage", "g-tls", {
      data: { "tls.crt": Buffer.from("not a certificate").toString("base64") },
    });
    const fixed = await waitReady(client, "garbage", "g", 20_000, 2);
    assert.equal(fixed.status?.revision, 2);
    new X509Certificate(Buffer.from((await secret("garbage", "g-tls")).data?.["tls.crt"] ?? "", "base64"));
  });

  test("SelfSigned issuer: Ed25519/PKCS8, secretTemplate, additional output formats", async () => {
    await ensureNamespace(client, "selfsigned");
    await applyObject(client, RT.issuers, {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: { name: "self", namespace: "selfsigned" },
      spec: { selfSigned: {} },
    } as KubeObject);
    await applyObject(
      client,
      RT.certificates,
      certificate("selfsigned", "root", {
        secretName: "root-tls",
        commonName: "my root",
        isCA: true,
        issuerRef: { name: "self" },
        privateKey: { algorithm: "Ed25519", encoding: "PKCS8" },
        secretTemplate: { labels: { app: "root" }, annotations: { note: "hello" } },
        additionalOutputFormats: [{ type: "CombinedPEM" }, { type: "DER" }],
      }),
    );
    await waitReady(client, "selfsigned", "root");
    const s = await secret("selfsigned", "root-tls");
    assert.equal(s.metadata.labels?.["app"], "root");
    assert.equal(s.metadata.annotations?.["note"], "hello");
    assert.ok(s.data?.["tls-combined.pem"] && s.data["key.der"]);
    const crt = new X509Certificate(Buffer.from(s.data?.["tls.crt"] ?? "", "base64"));
    assert.ok(crt.ca);
    assert.ok(crt.verify(crt.publicKey), "self-signed");
    assert.equal(crt.subject, "CN=my root");
    assert.match(Buffer.from(s.data?.["tls.key"] ?? "", "base64").toString(), /BEGIN PRIVATE KEY/);

    // The self-signed root now backs a namespaced CA Issuer: a chain of our own making.
    await applyObject(client, RT.issuers, {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: { name: "root-ca", namespace: "selfsigned" },
      spec: { ca: { secretName: "root-tls" } },
    } as KubeObject);
    await applyObject(
      client,
      RT.certificates,
      certificate("selfsigned", "leaf", {
        secretName: "leaf-tls",
        issuerRef: { name: "root-ca" },
        dnsNames: ["leaf.example"],
        privateKey: { algorithm: "ECDSA", size: 384 },
        keystores: {
          jks: { create: true, passwordSecretRef: { name: "ks-password", key: "pw" } },
          pkcs12: { create: true, password: "p12-secret", profile: "Modern2023" },
        },
      }),
    );
    await waitReady(client, "selfsigned", "leaf");
    const leafSecret = await secret("selfsigned", "leaf-tls");
    const leaf = new X509Certificate(Buffer.from(leafSecret.data?.["tls.crt"] ?? "", "base64"));
    assert.ok(leaf.verify(crt.publicKey));
    // PKCS#12 (literal password) is there; JKS waits for its password Secret, then appears by itself.
    assert.ok(leafSecret.data?.["keystore.p12"] && leafSecret.data["truststore.p12"]);
    assert.equal(leafSecret.data?.["keystore.jks"], undefined);
    await applyObject(client, RT.secrets, {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "ks-password", namespace: "selfsigned" },
      data: { pw: Buffer.from("changeit").toString("base64") },
    } as KubeObject);
    const withJks = await until("keystore.jks written", 10_000, async () => {
      const s2 = await secret("selfsigned", "leaf-tls");
      return s2.data?.["keystore.jks"] && s2.data["truststore.jks"] ? s2 : undefined;
    });
    assert.equal(Buffer.from(withJks.data?.["keystore.jks"] ?? "", "base64").readUInt32BE(0), 0xfeedfeed);
    assert.equal(
      (await getCert(client, "selfsigned", "leaf"))?.status?.revision,
      1,
      "keystores never re-issue",
    );

    // Removing an output format drops its Secret entry without re-issuing.
    await applyObject(
      client,
      RT.certificates,
      certificate("selfsigned", "root", {
        secretName: "root-tls",
        commonName: "my root",
        isCA: true,
        issuerRef: { name: "self" },
        privateKey: { algorithm: "Ed25519", encoding: "PKCS8" },
        secretTemplate: { labels: { app: "root" }, annotations: { note: "hello" } },
        additionalOutputFormats: [{ type: "CombinedPEM" }],
      }),
    );
    await until("key.der removed", 5000, async () =>
      (await secret("selfsigned", "root-tls")).data?.["key.der"] ? undefined : true,
    );
    assert.equal((await getCert(client, "selfsigned", "root"))?.status?.revision, 1);
  });

  test("a missing CA Secret is reported on the issuer and the Certificate, and issuance recovers once it appears", async () => {
    await ensureNamespace(client, "faults");
    await applyObject(client, RT.issuers, {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: { name: "ca", namespace: "faults" },
      spec: { ca: { secretName: "ca-keypair" } },
    } as KubeObject);
    await applyObject(
      client,
      RT.certificates,
      certificate("faults", "waits", {
        secretName: "waits-tls",
        issuerRef: { name: "ca" },
        dnsNames: ["w.example"],
        privateKey: { algorithm: "ECDSA" },
      }),
    );
    const issuer = await until("issuer not ready", 10_000, async () => {
      const i = await client.get<
        KubeObject & {
          status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
        }
      >(RT.issuers, "faults", "ca");
      const c = i.status?.conditions?.find((x) => x.type === "Ready");
      return c?.status === "False" ? c : undefined;
    });
    assert.equal(issuer.reason, "ErrGetKeyPair");
    assert.match(issuer.message ?? "", /Error getting keypair for CA issuer: secret "ca-keypair" not found/);
    const pending = await until("certificate reports the stuck request", 10_000, async () => {
      const c = await getCert(client, "faults", "waits");
      const r = c?.status?.conditions?.find((x) => x.type === "Ready");
      return r?.message?.includes("Referenced issuer does not have a Ready status condition") ? r : undefined;
    });
    assert.equal(pending.status, "False");

    // A Secret that is not a CA: still not ready, with a reason that says so.
    const notCA = await makeLeafPair();
    await applyObject(client, RT.secrets, {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "ca-keypair", namespace: "faults" },
      type: "kubernetes.io/tls",
      data: {
        "tls.crt": Buffer.from(notCA.certPem).toString("base64"),
        "tls.key": Buffer.from(notCA.keyPem).toString("base64"),
      },
    } as KubeObject);
    await until("issuer says not a CA", 10_000, async () => {
      const i = await client.get<
        KubeObject & { status?: { conditions?: { type: string; reason?: string; message?: string }[] } }
      >(RT.issuers, "faults", "ca");
      const c = i.status?.conditions?.find((x) => x.type === "Ready");
      return c?.reason === "ErrInvalidKeyPair" && /certificate is not a CA/.test(c.message ?? "")
        ? true
        : undefined;
    });

    // Fixed input: everything proceeds by itself.
    const good = await makeCA("faults CA");
    await applyObject(client, RT.secrets, caSecret("faults", "ca-keypair", good));
    await waitReady(client, "faults", "waits", 20_000);
  });

  test("an expired CA and an unknown issuer kind give clear conditions and nothing crashes", async () => {
    await ensureNamespace(client, "faults2");
    const expired = await makeCA("old CA", 1, new Date(Date.now() - 3 * 86_400_000));
    await applyObject(client, RT.secrets, caSecret("faults2", "old-ca", expired));
    await applyObject(client, RT.issuers, {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: { name: "old", namespace: "faults2" },
      spec: { ca: { secretName: "old-ca" } },
    } as KubeObject);
    await until("expired CA reported", 10_000, async () => {
      const i = await client.get<
        KubeObject & { status?: { conditions?: { type: string; reason?: string; message?: string }[] } }
      >(RT.issuers, "faults2", "old");
      const c = i.status?.conditions?.find((x) => x.type === "Ready");
      return c?.reason === "ErrInvalidKeyPair" && /expired/.test(c.message ?? "") ? true : undefined;
    });
    await applyObject(
      client,
      RT.certificates,
      certificate("faults2", "odd", {
        secretName: "odd-tls",
        issuerRef: { name: "x", kind: "Mystery" },
        dnsNames: ["o.example"],
        privateKey: { algorithm: "ECDSA" },
      }),
    );
    const c = await until("unknown kind reported", 10_000, async () => {
      const cert = await getCert(client, "faults2", "odd");
      const r = cert?.status?.conditions?.find((x) => x.type === "Ready");
      return r?.message?.includes(`unknown issuer kind "Mystery"`) ? r : undefined;
    });
    assert.equal(c.status, "False");
    const events = await client.request<{ items: { reason: string; involvedObject: { name: string } }[] }>(
      "GET",
      "/api/v1/namespaces/faults2/events",
    );
    assert.ok(events.items.some((e) => e.reason === "IssuerNotFound" && e.involvedObject.name === "odd-1"));
    // Still alive and serving.
    assert.equal((await fetch(`http://127.0.0.1:${ctl.healthPort}/healthz`)).status, 200);
  });

  test("ingress-shim: an annotated Ingress gets its Certificate; removing the annotation stops management", async () => {
    await ensureNamespace(client, "web");
    const ingress = (annotations: Record<string, string>, hosts: string[]): KubeObject =>
      ({
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: "my-app", namespace: "web", annotations },
        spec: {
          tls: [{ hosts, secretName: "app-example-com-tls" }],
          rules: [
            {
              host: hosts[0],
              http: {
                paths: [
                  {
                    path: "/",
                    pathType: "Prefix",
                    backend: { service: { name: "my-app", port: { number: 8080 } } },
                  },
                ],
              },
            },
          ],
        },
      }) as KubeObject;
    await applyObject(
      client,
      RT.ingresses,
      ingress(
        {
          "cert-manager.io/cluster-issuer": "internal-ca",
          "cert-manager.io/private-key-algorithm": "ECDSA",
          "cert-manager.io/duration": "720h",
        },
        ["app.example.com"],
      ),
    );
    const cert = await waitReady(client, "web", "app-example-com-tls");
    assert.deepEqual(cert.spec.dnsNames, ["app.example.com"]);
    assert.equal(cert.spec.duration, "720h");
    assert.equal(cert.spec.privateKey?.algorithm, "ECDSA");
    assert.deepEqual(cert.spec.issuerRef, { name: "internal-ca", kind: "ClusterIssuer" });
    assert.equal(cert.metadata.ownerReferences?.[0]?.kind, "Ingress");
    // The issuance's status writes wake the shim; an unchanged Certificate is not re-applied.
    await sleep(1000);
    const shimEvents = await client.request<{ items: { reason?: string }[] }>(
      "GET",
      "/api/v1/namespaces/web/events",
    );
    assert.deepEqual(
      shimEvents.items.map((e) => e.reason).filter((r) => r?.endsWith("Certificate")),
      ["CreateCertificate"],
    );

    await applyObject(
      client,
      RT.ingresses,
      ingress(
        {
          "cert-manager.io/cluster-issuer": "internal-ca",
          "cert-manager.io/private-key-algorithm": "ECDSA",
          "cert-manager.io/duration": "720h",
        },
        ["app.example.com", "www.example.com"],
      ),
    );
    await until("Certificate follows the Ingress hosts", 10_000, async () => {
      const c = await getCert(client, "web", "app-example-com-tls");
      return c?.spec.dnsNames?.length === 2 ? true : undefined;
    });

    // Without the annotation the shim no longer manages it: the Certificate stays as it was.
    await client.request("PUT", "/apis/networking.k8s.io/v1/namespaces/web/ingresses/my-app", {
      body: {
        ...(await client.get(RT.ingresses, "web", "my-app")),
        ...{ metadata: { ...(await client.get(RT.ingresses, "web", "my-app")).metadata, annotations: {} } },
        spec: (ingress({}, ["other.example.com"]) as unknown as { spec: unknown }).spec,
      },
    });
    await sleep(1500);
    const still = await getCert(client, "web", "app-example-com-tls");
    assert.deepEqual(still?.spec.dnsNames, ["app.example.com", "www.example.com"]);
  });
});

/** A leaf (non-CA) certificate and key, to play a wrong CA Secret. */
async function makeLeafPair(): Promise<{ certPem: string; keyPem: string }> {
  const { signCertificate, certificatePem } = await import("../../lib/pki/certificate.ts");
  const { generatePrivateKey, spkiDer, encodePrivateKeyPem } = await import("../../lib/pki/keys.ts");
  const { encodeName } = await import("../../lib/pki/name.ts");
  const { emptySans } = await import("../../lib/pki/extensions.ts");
  const key = await generatePrivateKey({ algorithm: "ECDSA", size: 256 });
  const subject = encodeName({ commonName: "not a ca" });
  const der = signCertificate(
    {
      subjectRaw: subject,
      spki: spkiDer(key),
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 86_400_000),
      sans: emptySans(),
      sanCritical: false,
      keyUsage: [0],
      extKeyUsage: [],
      isCA: false,
    },
    { subjectRaw: subject, key },
  );
  return { certPem: certificatePem(der), keyPem: encodePrivateKeyPem(key, "PKCS8") };
}
