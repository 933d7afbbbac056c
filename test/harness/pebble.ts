import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ensureDebianTool } from "./binaries.ts";
import { httpGet } from "./http.ts";
import { ManagedProcess } from "./managed-process.ts";
import { freePorts } from "./ports.ts";
import { waitFor } from "./wait.ts";

const run = promisify(execFile);

export interface AcmeServer {
  /** ACME directory URL of Pebble. */
  directoryUrl: string;
  /** PEM of the certificate Pebble serves its API with (trust it in ACME clients). */
  apiCaPem: string;
  /** Pebble's management API (issuer roots at /roots/0). */
  managementUrl: string;
  /** pebble-challtestsrv: DNS server (host:port) Pebble resolves through, and its management API. */
  dnsServer: string;
  challtestsrvUrl: string;
  /** The port Pebble connects to for HTTP-01 validation (challtestsrv's http01 listener). */
  http01Port: number;
  procs: ManagedProcess[];
}

/** A self-signed serving certificate for Pebble's HTTPS API (openssl: node:crypto cannot build X.509). */
async function writeServingCert(dir: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, "pebble-api.crt");
  const key = join(dir, "pebble-api.key");
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    key,
    "-out",
    cert,
    "-days",
    "7",
    "-subj",
    "/CN=pebble.certflow.local",
    "-addext",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ]);
  return { cert, key };
}

/** Starts pebble-challtestsrv and Pebble on free loopback ports (installing the Debian package when missing). */
export async function startAcmeServer(dir: string, timeoutMs = 30_000): Promise<AcmeServer> {
  const pebbleBin = await ensureDebianTool("pebble", "pebble");
  const challBin = await ensureDebianTool("pebble-challtestsrv", "pebble");
  mkdirSync(dir, { recursive: true });
  const [acmePort, mgmtPort, dnsPort, httpPort, challMgmtPort] = (await freePorts(5)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const procs: ManagedProcess[] = [];
  const chall = new ManagedProcess(
    "pebble-challtestsrv",
    challBin,
    [
      "-defaultIPv4",
      "127.0.0.1",
      "-defaultIPv6",
      "",
      "-dns01",
      `127.0.0.1:${dnsPort}`,
      "-http01",
      `127.0.0.1:${httpPort}`,
      "-https01",
      "",
      "-tlsalpn01",
      "",
      "-management",
      `127.0.0.1:${challMgmtPort}`,
    ],
    join(dir, "challtestsrv.log"),
  );
  procs.push(chall);
  const { cert, key } = await writeServingCert(dir);
  const config = {
    pebble: {
      listenAddress: `127.0.0.1:${acmePort}`,
      managementListenAddress: `127.0.0.1:${mgmtPort}`,
      certificate: cert,
      privateKey: key,
      httpPort,
      tlsPort: 0,
      ocspResponderURL: "",
      externalAccountBindingRequired: false,
    },
  };
  const configFile = join(dir, "pebble-config.json");
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const pebble = new ManagedProcess(
    "pebble",
    pebbleBin,
    ["-config", configFile, "-dnsserver", `127.0.0.1:${dnsPort}`],
    join(dir, "pebble.log"),
    // No random sleeps before validation, and no random nonce rejections: tests stay deterministic.
    { ...process.env, PEBBLE_VA_NOSLEEP: "1", PEBBLE_WFE_NONCEREJECT: "0" },
  );
  procs.push(pebble);
  const apiCaPem = readFileSync(cert, "utf8");
  const directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
  const challtestsrvUrl = `http://127.0.0.1:${challMgmtPort}`;
  await waitFor(
    async () => ((await httpGet(directoryUrl, { ca: apiCaPem })).status === 200 ? true : undefined),
    {
      what: "Pebble's ACME directory",
      timeoutMs,
      failFast: () => pebble.exited,
    },
  );
  await waitFor(async () => ((await httpGet(challtestsrvUrl)).status > 0 ? true : undefined), {
    what: "pebble-challtestsrv's management API",
    timeoutMs,
    failFast: () => chall.exited,
  });
  return {
    directoryUrl,
    apiCaPem,
    managementUrl: `https://127.0.0.1:${mgmtPort}`,
    dnsServer: `127.0.0.1:${dnsPort}`,
    challtestsrvUrl,
    http01Port: httpPort,
    procs,
  };
}
