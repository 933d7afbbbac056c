import type { CertificateSpec, IssuerReference } from "../../api/types.ts";
import { durationMs } from "../certificates/policies/renewal.ts";

/** Splits cert-manager's escaped CSV (values may be double-quoted, "" escapes a quote). */
export function splitCsv(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  out.push(cur.trim());
  return out.filter((v) => v !== "");
}

export type IssuerChoice =
  { ok: true; ref: IssuerReference } | { ok: false; message: string } | { ok: false; skip: true };

/** Which issuer an Ingress asks for; `skip` when it carries none of the shim's annotations. */
export function issuerFromAnnotations(a: Record<string, string>): IssuerChoice {
  const issuer = a["cert-manager.io/issuer"];
  const cluster = a["cert-manager.io/cluster-issuer"];
  const kind = a["cert-manager.io/issuer-kind"];
  const group = a["cert-manager.io/issuer-group"];
  if (issuer === undefined && cluster === undefined) return { ok: false, skip: true };
  const bad = (m: string): IssuerChoice => ({
    ok: false,
    message: `Could not determine issuer for ingress due to bad annotations: ${m}`,
  });
  if (issuer !== undefined && cluster !== undefined)
    return bad(`both "cert-manager.io/issuer" and "cert-manager.io/cluster-issuer" may not be set`);
  if (cluster !== undefined && group)
    return bad(`both "cert-manager.io/cluster-issuer" and "cert-manager.io/issuer-group" may not be set`);
  if (cluster !== undefined && kind)
    return bad(`both "cert-manager.io/cluster-issuer" and "cert-manager.io/issuer-kind" may not be set`);
  const name = issuer ?? cluster ?? "";
  if (!name) return bad("failed to determine issuer name to be used for ingress resource");
  const ref: IssuerReference = { name, kind: cluster !== undefined ? "ClusterIssuer" : kind || "Issuer" };
  if (group) ref.group = group;
  return { ok: true, ref };
}

type SpecResult = { ok: true } | { ok: false; message: string };

/** Applies the `cert-manager.io/*` tuning annotations to a Certificate spec. */
export function applyAnnotations(spec: CertificateSpec, a: Record<string, string>): SpecResult {
  const fail = (key: string, m: string): SpecResult => ({
    ok: false,
    message: `invalid ingress annotation "${key}": ${m}`,
  });
  const cn = a["cert-manager.io/common-name"];
  if (cn !== undefined) {
    if (cn.length > 64) return fail("cert-manager.io/common-name", "must be at most 64 characters");
    spec.commonName = cn;
  }
  const alt = a["cert-manager.io/alt-names"];
  if (alt) spec.dnsNames = [...new Set([...(spec.dnsNames ?? []), ...splitCsv(alt)])];
  const ips = a["cert-manager.io/ip-sans"];
  if (ips) spec.ipAddresses = [...new Set([...(spec.ipAddresses ?? []), ...splitCsv(ips)])];
  const emails = a["cert-manager.io/email-sans"];
  if (emails) spec.emailAddresses = splitCsv(emails);
  const subjectKeys: [string, keyof NonNullable<CertificateSpec["subject"]>][] = [
    ["cert-manager.io/subject-organizations", "organizations"],
    ["cert-manager.io/subject-organizationalunits", "organizationalUnits"],
    ["cert-manager.io/subject-countries", "countries"],
    ["cert-manager.io/subject-provinces", "provinces"],
    ["cert-manager.io/subject-localities", "localities"],
    ["cert-manager.io/subject-postalcodes", "postalCodes"],
    ["cert-manager.io/subject-streetaddresses", "streetAddresses"],
  ];
  for (const [k, f] of subjectKeys) {
    const v = a[k];
    if (v) (spec.subject ??= {})[f] = splitCsv(v) as never;
  }
  const serial = a["cert-manager.io/subject-serialnumber"];
  if (serial) (spec.subject ??= {}).serialNumber = serial;
  const duration = a["cert-manager.io/duration"];
  if (duration !== undefined) {
    const ms = durationMs(duration);
    if (ms === undefined) return fail("cert-manager.io/duration", `invalid duration "${duration}"`);
    if (ms < 3600_000) return fail("cert-manager.io/duration", "certificate duration must be at least 1h");
    spec.duration = duration;
  }
  const rb = a["cert-manager.io/renew-before"];
  if (rb !== undefined) {
    const ms = durationMs(rb);
    if (ms === undefined) return fail("cert-manager.io/renew-before", `invalid duration "${rb}"`);
    if (ms < 300_000)
      return fail("cert-manager.io/renew-before", "certificate renewBefore must be at least 5m");
    spec.renewBefore = rb;
  }
  const rbp = a["cert-manager.io/renew-before-percentage"];
  if (rbp !== undefined) {
    const n = Number(rbp);
    if (!Number.isInteger(n) || n <= 0 || n >= 100)
      return fail("cert-manager.io/renew-before-percentage", "must be an integer between 1 and 99");
    spec.renewBeforePercentage = n;
  }
  const usages = a["cert-manager.io/usages"];
  if (usages) spec.usages = splitCsv(usages) as CertificateSpec["usages"];
  const rhl = a["cert-manager.io/revision-history-limit"];
  if (rhl !== undefined) {
    const n = Number(rhl);
    if (!Number.isInteger(n) || n < 1)
      return fail("cert-manager.io/revision-history-limit", "must be an integer of at least 1");
    spec.revisionHistoryLimit = n;
  }
  const alg = a["cert-manager.io/private-key-algorithm"];
  const enc = a["cert-manager.io/private-key-encoding"];
  const size = a["cert-manager.io/private-key-size"];
  const rot = a["cert-manager.io/private-key-rotation-policy"];
  if (alg !== undefined || enc !== undefined || size !== undefined || rot !== undefined) {
    const pk: NonNullable<CertificateSpec["privateKey"]> = {};
    if (alg !== undefined) {
      if (!["RSA", "ECDSA", "Ed25519"].includes(alg))
        return fail("cert-manager.io/private-key-algorithm", `unsupported algorithm "${alg}"`);
      pk.algorithm = alg as "RSA";
    }
    if (enc !== undefined) {
      if (!["PKCS1", "PKCS8"].includes(enc))
        return fail("cert-manager.io/private-key-encoding", `unsupported encoding "${enc}"`);
      pk.encoding = enc as "PKCS1";
    }
    if (size !== undefined) {
      const n = Number(size);
      const a2 = pk.algorithm ?? "RSA";
      const ok =
        a2 === "RSA"
          ? Number.isInteger(n) && n >= 2048 && n <= 8192
          : a2 === "ECDSA"
            ? [256, 384, 521].includes(n)
            : true;
      if (!ok) return fail("cert-manager.io/private-key-size", `invalid size ${size} for algorithm ${a2}`);
      pk.size = n;
    }
    if (rot !== undefined) {
      if (!["Always", "Never"].includes(rot))
        return fail("cert-manager.io/private-key-rotation-policy", `unsupported policy "${rot}"`);
      pk.rotationPolicy = rot as "Always";
    }
    spec.privateKey = pk;
  }
  const tpl = a["cert-manager.io/secret-template"];
  if (tpl !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(tpl);
    } catch (err) {
      return fail("cert-manager.io/secret-template", (err as Error).message);
    }
    if (typeof parsed !== "object" || parsed === null)
      return fail("cert-manager.io/secret-template", "must be a JSON object");
    const o = parsed as Record<string, unknown>;
    const unknownKeys = Object.keys(o).filter((k) => k !== "labels" && k !== "annotations");
    if (unknownKeys.length)
      return fail("cert-manager.io/secret-template", `unknown field "${unknownKeys[0]}"`);
    const ann = (o["annotations"] ?? {}) as Record<string, string>;
    if (Object.keys(ann).some((k) => k.startsWith("cert-manager.io/")))
      return fail("cert-manager.io/secret-template", "annotations must not use the cert-manager.io/ prefix");
    spec.secretTemplate = {
      labels: (o["labels"] ?? undefined) as Record<string, string> | undefined,
      annotations: o["annotations"] ? ann : undefined,
    };
  }
  return { ok: true };
}
