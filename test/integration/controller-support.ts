/** Shared helpers for the controller's end-to-end tests and benchmark (loopback control plane only). */
import { waitFor } from "../harness/wait.ts";
import { installCrds as installCrdsWith } from "../harness/crds.ts";
import type { Certificate } from "../../api/types.ts";
import { isAlreadyExists, isNotFound, type KubeClient, type KubeObject } from "../../lib/kube/client.ts";
import { RT } from "../../lib/kube/resources.ts";
import { certificatePem, signCertificate } from "../../lib/pki/certificate.ts";
import { emptySans } from "../../lib/pki/extensions.ts";
import { encodePrivateKeyPem, generatePrivateKey, spkiDer } from "../../lib/pki/keys.ts";
import { encodeName } from "../../lib/pki/name.ts";

/** Installs certflow's CRDs with the test field manager and waits until they are served. */
export async function installCrds(client: KubeClient): Promise<void> {
  await installCrdsWith(client, "certflow-test");
}

export async function ensureNamespace(client: KubeClient, name: string): Promise<void> {
  try {
    await client.create(RT.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

export interface TestCA {
  certPem: string;
  keyPem: string;
}

/** A self-signed CA key pair (ECDSA P-256) valid from now for `days`. */
export async function makeCA(cn = "certflow test CA", days = 365, notBefore = new Date()): Promise<TestCA> {
  const key = await generatePrivateKey({ algorithm: "ECDSA", size: 256 });
  const subject = encodeName({ commonName: cn });
  const der = signCertificate(
    {
      subjectRaw: subject,
      spki: spkiDer(key),
      notBefore,
      notAfter: new Date(notBefore.getTime() + days * 86_400_000),
      sans: emptySans(),
      sanCritical: false,
      keyUsage: [0, 5, 6],
      extKeyUsage: [],
      isCA: true,
    },
    { subjectRaw: subject, key },
  );
  return { certPem: certificatePem(der), keyPem: encodePrivateKeyPem(key, "PKCS8") };
}

export function caSecret(namespace: string, name: string, ca: TestCA): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace },
    type: "kubernetes.io/tls",
    data: {
      "tls.crt": Buffer.from(ca.certPem).toString("base64"),
      "tls.key": Buffer.from(ca.keyPem).toString("base64"),
    },
  } as KubeObject;
}

export async function applyObject<T extends KubeObject>(
  client: KubeClient,
  rt: (typeof RT)[keyof typeof RT],
  obj: KubeObject,
): Promise<T> {
  return await client.apply<T>(rt, obj, "certflow-test");
}

/** The harness's waitFor with positional arguments, as the controller tests call it. */
export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  intervalMs = 50,
): Promise<T> {
  return await waitFor(probe, { what, timeoutMs, intervalMs });
}

export async function getCert(
  client: KubeClient,
  ns: string,
  name: string,
): Promise<Certificate | undefined> {
  try {
    return await client.get<Certificate>(RT.certificates, ns, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export function readyStatus(c: Certificate | undefined): string | undefined {
  return c?.status?.conditions?.find((x) => x.type === "Ready")?.status;
}

/** Waits until the Certificate is Ready=True at a revision ≥ `minRevision`; returns it. */
export async function waitReady(
  client: KubeClient,
  ns: string,
  name: string,
  timeoutMs = 20_000,
  minRevision = 1,
): Promise<Certificate> {
  return await until(`Certificate ${ns}/${name} Ready (revision ≥ ${minRevision})`, timeoutMs, async () => {
    const c = await getCert(client, ns, name);
    const issuing = c?.status?.conditions?.find((x) => x.type === "Issuing")?.status === "True";
    return readyStatus(c) === "True" && !issuing && (c?.status?.revision ?? 0) >= minRevision ? c : undefined;
  });
}

export function certificate(
  ns: string,
  name: string,
  spec: Partial<Certificate["spec"]> & { secretName: string; issuerRef: Certificate["spec"]["issuerRef"] },
  labels?: Record<string, string>,
): Certificate {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
    spec,
  };
}
