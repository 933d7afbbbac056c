import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { parseManifests, validateSources } from "../../api/index.ts";
import type { Certificate } from "../../api/types.ts";
import { render } from "../../kustomize/index.ts";
import { KubeClient, type KubeObject } from "../../lib/kube/client.ts";
import { RT } from "../../lib/kube/resources.ts";
import { repoRoot } from "../../test/harness/repo-root.ts";
import type { Command, CliIO } from "../command.ts";
import { clusterResourceNamespace, startDevEnvironment } from "../dev/environment.ts";

const usage = `certflow demo [--overlay DIR] [--keep]

  The whole story on this machine, no cluster needed:
  1. render the example's staging overlay (Kustomize-compatible) and validate it as cert-manager's webhook would;
  2. start a local control plane (kube-apiserver + etcd) with certflow's CRDs and controller;
  3. bootstrap an internal CA, apply the example's internal-CA certificates and the seed's api-internal-cert;
  4. show them Ready with their expiry and renewal time, and verify each Secret against the CA.
  --keep  leave the environment running until Ctrl-C.`;

interface Secret extends KubeObject {
  data?: Record<string, string>;
}

function section(io: CliIO, title: string): void {
  io.stdout.write(`\n== ${title}\n`);
}

async function waitReady(
  client: KubeClient,
  ns: string,
  name: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Certificate> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal.throwIfAborted();
    const crt = await client.get<KubeObject>(RT.certificates, ns, name);
    const c = crt as unknown as Certificate;
    if (c.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True")) return c;
    if (Date.now() > deadline) {
      const ready = c.status?.conditions?.find((x) => x.type === "Ready");
      throw new Error(
        `Certificate ${ns}/${name} not Ready after ${timeoutMs} ms: ${ready?.reason ?? "no condition"}: ${ready?.message ?? ""}`,
      );
    }
    await sleep(50, undefined, { signal });
  }
}

export const demoCommand: Command = {
  name: "demo",
  summary: "Run certflow end to end on this machine: render, validate, issue and verify certificates.",
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { overlay: { type: "string" }, keep: { type: "boolean", default: false } },
    });
    const root = repoRoot();
    const overlay = values.overlay ?? join(root, "overlays-example", "overlays", "staging");

    section(io, `1. GitOps side: render ${overlay.replace(`${root}/`, "")} and validate it`);
    let t = performance.now();
    const rendered = await render(overlay);
    if (!rendered.ok) {
      io.stderr.write(`render failed: ${rendered.error.message}\n`);
      return 1;
    }
    const renderMs = performance.now() - t;
    t = performance.now();
    const report = validateSources([{ file: `${overlay} (rendered)`, text: rendered.yaml }]);
    const validateMs = performance.now() - t;
    const kinds = new Map<string, number>();
    for (const d of rendered.documents)
      kinds.set(String(d.object["kind"]), (kinds.get(String(d.object["kind"])) ?? 0) + 1);
    io.stdout.write(
      `rendered ${rendered.documents.length} resources in ${renderMs.toFixed(1)} ms: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(", ")}\n`,
    );
    io.stdout.write(
      `validated in ${validateMs.toFixed(1)} ms: ${report.errors} error(s), ${report.warnings} warning(s)\n`,
    );
    if (report.errors > 0) return 1;

    section(io, "2. In-cluster side: local control plane, CRDs, controller");
    const stateDir = mkdtempSync(join(tmpdir(), "certflow-demo-"));
    t = performance.now();
    const env = await startDevEnvironment({
      stateDir,
      acme: false,
      signal: io.signal,
      log: (l) => io.stdout.write(`  ${l}\n`),
    });
    io.stdout.write(
      `ready in ${((performance.now() - t) / 1000).toFixed(1)} s; kubeconfig ${env.kubeconfigPath}\n`,
    );
    try {
      const client = await KubeClient.create(env.plane.kubeConfig);
      const apply = (rt: (typeof RT)[keyof typeof RT], obj: KubeObject): Promise<KubeObject> =>
        client.apply(rt, obj, "certflow-demo");

      section(io, "3. Bootstrap an internal CA, then issue certificates from it");
      const cm = "cert-manager.io/v1";
      await apply(RT.clusterIssuers, {
        apiVersion: cm,
        kind: "ClusterIssuer",
        metadata: { name: "selfsigned-bootstrap" },
        spec: { selfSigned: {} },
      } as KubeObject);
      await apply(RT.certificates, {
        apiVersion: cm,
        kind: "Certificate",
        metadata: { name: "internal-ca", namespace: clusterResourceNamespace },
        spec: {
          isCA: true,
          commonName: "certflow demo internal CA",
          secretName: "internal-ca-keypair",
          duration: "8760h",
          privateKey: { algorithm: "ECDSA", size: 256 },
          issuerRef: { name: "selfsigned-bootstrap", kind: "ClusterIssuer", group: "cert-manager.io" },
        },
      } as KubeObject);
      const ca = await waitReady(client, clusterResourceNamespace, "internal-ca", 30_000, io.signal);
      io.stdout.write(
        `CA certificate ${clusterResourceNamespace}/internal-ca Ready (Secret internal-ca-keypair, expires ${ca.status?.notAfter})\n`,
      );

      // The overlay's internal-CA objects: the ClusterIssuer and every Certificate it signs (ACME ones need a public CA).
      const wanted = rendered.documents
        .map((d) => d.object as unknown as KubeObject & { spec?: { issuerRef?: { name?: string } } })
        .filter(
          (o) =>
            o.kind === "Namespace" ||
            (o.kind === "ClusterIssuer" && o.metadata.name === "internal-ca") ||
            (o.kind === "Certificate" && o.spec?.issuerRef?.name === "internal-ca"),
        );
      const seedCert = readSeedCertificate(root);
      const toApply = [
        ...wanted,
        ...(seedCert
          ? [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "backend" } }, seedCert]
          : []),
      ];
      const certs: Array<{ ns: string; name: string }> = [];
      t = performance.now();
      for (const o of toApply) {
        const rt =
          o.kind === "Namespace"
            ? RT.namespaces
            : o.kind === "ClusterIssuer"
              ? RT.clusterIssuers
              : RT.certificates;
        await apply(rt, o);
        if (o.kind === "Certificate")
          certs.push({ ns: o.metadata.namespace ?? "default", name: o.metadata.name ?? "" });
      }
      io.stdout.write(
        `applied ${toApply.length} objects: ${toApply.map((o) => `${o.kind}/${o.metadata.name}`).join(", ")}\n`,
      );

      section(io, "4. Ready, with expiry, verified against the CA");
      const caSecret = await client.get<Secret>(RT.secrets, clusterResourceNamespace, "internal-ca-keypair");
      const caCert = new X509Certificate(Buffer.from(caSecret.data?.["tls.crt"] ?? "", "base64"));
      const rows = [["NAMESPACE/NAME", "READY", "SECRET", "NOT AFTER", "RENEWAL", "VERIFIES"]];
      for (const { ns, name } of certs) {
        const c = await waitReady(client, ns, name, 30_000, io.signal);
        const secret = await client.get<Secret>(RT.secrets, ns, c.spec.secretName);
        const leaf = new X509Certificate(Buffer.from(secret.data?.["tls.crt"] ?? "", "base64"));
        const ok = leaf.verify(caCert.publicKey) && leaf.checkIssued(caCert);
        rows.push([
          `${ns}/${name}`,
          "True",
          c.spec.secretName,
          c.status?.notAfter ?? "",
          c.status?.renewalTime ?? "",
          ok ? "yes" : "NO",
        ]);
        if (!ok)
          throw new Error(
            `the certificate in ${ns}/${c.spec.secretName} does not verify against the internal CA`,
          );
      }
      io.stdout.write(
        `${certs.length} certificate(s) Ready ${((performance.now() - t) / 1000).toFixed(2)} s after apply\n`,
      );
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
      for (const r of rows)
        io.stdout.write(
          `${r
            .map((c, i) => c.padEnd(widths[i] ?? 0))
            .join("  ")
            .trimEnd()}\n`,
        );
      io.stdout.write(
        "\nThe controller renews each one at its renewal time (renewBefore, or 2/3 of its lifetime).\n",
      );
      if (values.keep) {
        io.stdout.write(`\nLeft running: export KUBECONFIG=${env.kubeconfigPath}\nPress Ctrl-C to stop.\n`);
        await new Promise<void>((res) => io.signal.addEventListener("abort", () => res(), { once: true }));
      }
      return 0;
    } finally {
      await env.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  },
};

/** The article's Certificate (backend/api-internal-cert, signed by internal-ca), kept as a fixture in the repo. */
function readSeedCertificate(root: string): (KubeObject & { kind: string }) | undefined {
  const file = join(root, "test", "fixtures", "seed", "certificate-api-internal.yaml");
  const parsed = parseManifests(readFileSync(file, "utf8"), file);
  return parsed.documents[0]?.object as (KubeObject & { kind: string }) | undefined;
}
