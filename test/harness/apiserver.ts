import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { httpGet } from "./http.ts";
import { ManagedProcess } from "./managed-process.ts";
import { waitFor } from "./wait.ts";

export interface ApiserverOptions {
  bin: string;
  dir: string;
  port: number;
  etcdUrl: string;
  timeoutMs?: number;
  extraArgs?: string[];
  /** Reuse these (e.g. on restart) instead of writing new ones, so existing kubeconfigs stay valid. */
  credentials?: ApiserverCredentials;
}

export interface ApiserverCredentials {
  token: string;
  tokenFile: string;
  saPublicKey: string;
  saPrivateKey: string;
  certDir: string;
}

/** An admin bearer token in system:masters and a service-account signing key pair, all in `dir`. */
export function writeCredentials(dir: string): ApiserverCredentials {
  mkdirSync(dir, { recursive: true });
  const token = randomBytes(24).toString("hex");
  const tokenFile = join(dir, "tokens.csv");
  writeFileSync(tokenFile, `${token},certflow-admin,certflow-admin-uid,"system:masters"\n`, { mode: 0o600 });
  const { publicKey, privateKey } = generateKeyPairSync("ec", {
    namedCurve: "P-256",
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const saPublicKey = join(dir, "sa.pub");
  const saPrivateKey = join(dir, "sa.key");
  writeFileSync(saPublicKey, publicKey);
  writeFileSync(saPrivateKey, privateKey, { mode: 0o600 });
  const certDir = join(dir, "certs");
  mkdirSync(certDir, { recursive: true });
  return { token, tokenFile, saPublicKey, saPrivateKey, certDir };
}

export function apiserverArgs(o: ApiserverOptions, c: ApiserverCredentials): string[] {
  return [
    `--etcd-servers=${o.etcdUrl}`,
    // Lets two control planes share nothing even if pointed at the same etcd by mistake.
    `--etcd-prefix=/registry-${o.port}`,
    `--cert-dir=${c.certDir}`,
    "--bind-address=127.0.0.1",
    `--secure-port=${o.port}`,
    // No default route on these machines: without it the apiserver cannot pick an address.
    "--advertise-address=127.0.0.1",
    // A loopback advertise address cannot be written to the kubernetes Endpoints.
    "--endpoint-reconciler-type=none",
    "--service-cluster-ip-range=10.0.0.0/24",
    `--service-account-issuer=https://127.0.0.1:${o.port}`,
    `--service-account-key-file=${c.saPublicKey}`,
    `--service-account-signing-key-file=${c.saPrivateKey}`,
    "--authorization-mode=RBAC",
    `--token-auth-file=${c.tokenFile}`,
    // The ServiceAccount admission plugin waits for default SAs that only kube-controller-manager creates.
    "--disable-admission-plugins=ServiceAccount",
    "--allow-privileged=true",
    "--v=1",
    ...(o.extraArgs ?? []),
  ];
}

/** Starts kube-apiserver and waits until /readyz answers 200 (post-start hooks such as RBAC bootstrap done). */
export async function startApiserver(
  o: ApiserverOptions,
): Promise<{ proc: ManagedProcess; server: string; credentials: ApiserverCredentials; caData: string }> {
  const credentials = o.credentials ?? writeCredentials(o.dir);
  const proc = new ManagedProcess(
    "kube-apiserver",
    o.bin,
    apiserverArgs(o, credentials),
    join(o.dir, "kube-apiserver.log"),
  );
  const server = `https://127.0.0.1:${o.port}`;
  await waitFor(
    async () => ((await httpGet(`${server}/readyz`, { insecure: true })).status === 200 ? true : undefined),
    {
      what: "kube-apiserver /readyz",
      timeoutMs: o.timeoutMs ?? 90_000,
      intervalMs: 200,
      failFast: () => proc.exited,
    },
  );
  // The self-signed serving certificate is followed by its CA in the same file: the whole file is the client's CA bundle.
  const caData = readFileSync(join(credentials.certDir, "apiserver.crt"), "utf8");
  const verified = await httpGet(`${server}/readyz`, { ca: caData });
  if (verified.status !== 200)
    throw new Error(`kube-apiserver /readyz answered ${verified.status} with its own CA`);
  return { proc, server, credentials, caData };
}
