import {
  child,
  duplicate,
  forbidden,
  index,
  invalid,
  key,
  notSupported,
  required,
  tooLong,
  type FieldError,
} from "../field.ts";
import {
  DEFAULT_CERTIFICATE_DURATION_MS,
  MIN_CERTIFICATE_DURATION_MS,
  MIN_RENEW_BEFORE_MS,
} from "../constants.ts";
import type { CertificateSpec, IssuerReference } from "../types.ts";
import { cronParseError, isIANATimeZone } from "../util/cron.ts";
import { formatGoDuration, parseGoDuration } from "../../lib/time/go-duration.ts";
import { goQuote } from "../util/goquote.ts";
import { parseMailAddress } from "../util/mail.ts";
import { isCIDR, isGoIP, isOID } from "../util/net.ts";
import { isDNS1123Subdomain } from "../util/names.ts";
import { OID_COMMON_NAME, parseDN } from "../../lib/pki/rfc4514.ts";
import { validateAnnotations, validateLabels } from "./metadata.ts";
import { isKnownUsage } from "./usages.ts";

const SIG_ALGS: Record<string, string[]> = {
  RSA: ["SHA256WithRSA", "SHA384WithRSA", "SHA512WithRSA"],
  ECDSA: ["ECDSAWithSHA256", "ECDSAWithSHA384", "ECDSAWithSHA512"],
  Ed25519: ["PureEd25519"],
};
const MIN_DURATION_NS = MIN_CERTIFICATE_DURATION_MS * 1e6;
const MIN_RENEW_BEFORE_NS = MIN_RENEW_BEFORE_MS * 1e6;
const DEFAULT_DURATION_NS = DEFAULT_CERTIFICATE_DURATION_MS * 1e6;

/** cert-manager's validateIssuerRef (rules 3–4). */
export function validateIssuerRef(ref: IssuerReference | undefined, specPath: string): FieldError[] {
  const el: FieldError[] = [];
  const p = child(specPath, "issuerRef");
  const name = ref?.name ?? "";
  const kind = ref?.kind ?? "";
  const group = ref?.group ?? "";
  if (name === "") el.push(required(child(p, "name"), "must be specified"));
  if (
    (group === "" || group === "cert-manager.io") &&
    kind !== "" &&
    kind !== "Issuer" &&
    kind !== "ClusterIssuer"
  ) {
    const kindPath = child(p, "kind");
    let msg = "must be one of Issuer or ClusterIssuer";
    if (group === "") msg += ` (did you forget to set ${child(kindPath, "group")}?)`;
    el.push(invalid(kindPath, kind, msg));
  }
  return el;
}

function hasSubjectFields(s: CertificateSpec["subject"]): boolean {
  if (!s) return false;
  const lists = [
    s.organizations,
    s.countries,
    s.organizationalUnits,
    s.localities,
    s.provinces,
    s.streetAddresses,
    s.postalCodes,
  ];
  return lists.some((l) => (l?.length ?? 0) > 0) || (s.serialNumber ?? "").length > 0;
}

/** Webhook rules for Certificate spec (inventory §2.4), CREATE and UPDATE alike. */
export function validateCertificateSpec(spec: CertificateSpec, p = "spec"): FieldError[] {
  const el: FieldError[] = [];
  const secretName = spec.secretName ?? "";
  if (secretName === "") el.push(required(child(p, "secretName"), "must be specified"));
  else
    for (const m of isDNS1123Subdomain(secretName)) el.push(invalid(child(p, "secretName"), secretName, m));

  el.push(...validateIssuerRef(spec.issuerRef, p));

  let commonName = spec.commonName ?? "";
  if (spec.literalSubject) el.push(...validateLiteralSubject(spec, p, (cn) => (commonName = cn)));

  const none = (l: unknown[] | undefined): boolean => (l?.length ?? 0) === 0;
  if (
    commonName === "" &&
    none(spec.dnsNames) &&
    none(spec.uris) &&
    none(spec.emailAddresses) &&
    none(spec.ipAddresses) &&
    none(spec.otherNames)
  ) {
    el.push(
      invalid(
        p,
        "",
        "at least one of commonName (from the commonName field or from a literalSubject), dnsNames, emailSANs, ipAddresses, otherNames, or uriSANs must be set",
      ),
    );
  }
  if (Buffer.byteLength(commonName) > 64) el.push(tooLong(child(p, "commonName"), 64));

  (spec.ipAddresses ?? []).forEach((ip, i) => {
    if (!isGoIP(ip)) el.push(invalid(index(child(p, "ipAddresses"), i), ip, "invalid IP address"));
  });
  (spec.emailAddresses ?? []).forEach((e, i) => {
    const r = parseMailAddress(e);
    const ep = index(child(p, "emailAddresses"), i);
    if (!r.ok) el.push(invalid(ep, e, `invalid email address: ${r.error}`));
    else if (r.address !== e) {
      el.push(
        invalid(
          ep,
          e,
          "invalid email address: make sure the supplied value only contains the email address itself",
        ),
      );
    }
  });
  (spec.otherNames ?? []).forEach((on, i) => {
    const op = index(child(p, "otherNames"), i);
    const oid = on.oid ?? "";
    if (oid === "") el.push(required(child(op, "oid"), "must be specified"));
    if (!isOID(oid)) el.push(invalid(child(op, "oid"), oid, "invalid oid syntax"));
    if ((on.utf8Value ?? "") === "")
      el.push(required(child(op, "utf8Value"), "must be set to a valid non-empty UTF8 string"));
  });

  el.push(...validatePrivateKey(spec, p));
  if (spec.duration !== undefined || spec.renewBefore !== undefined) el.push(...validateDuration(spec, p));
  (spec.usages ?? []).forEach((u, i) => {
    if (!isKnownUsage(u)) el.push(invalid(index(child(p, "usages"), i), u, "unknown keyusage"));
  });
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit < 1) {
    el.push(invalid(child(p, "revisionHistoryLimit"), spec.revisionHistoryLimit, "must not be less than 1"));
  }
  el.push(...validateSecretTemplate(spec, p));
  el.push(...validateNameConstraints(spec, p));

  const seen = new Set<string>();
  for (const f of spec.additionalOutputFormats ?? []) {
    if (seen.has(f.type)) el.push(duplicate(key(child(p, "additionalOutputFormats"), "type"), f.type));
    seen.add(f.type);
  }
  el.push(...validateKeystores(spec, p));
  if (spec.renewal) el.push(...validateRenewal(spec.renewal, p));
  return el;
}

/**
 * Go's `%#v` of the internal certmanager.X509Subject that apimachinery prints for `spec.subject`
 * (it dereferences the pointer): absent lists are nil slices, `[]` is an empty one.
 */
function goX509Subject(s: CertificateSpec["subject"]): { goString: string } {
  const strs = (v: unknown): string =>
    Array.isArray(v) ? `[]string{${v.map((x) => goQuote(String(x))).join(", ")}}` : "[]string(nil)";
  const o = (s ?? {}) as Record<string, unknown>;
  const lists = [
    "Organizations",
    "Countries",
    "OrganizationalUnits",
    "Localities",
    "Provinces",
    "StreetAddresses",
    "PostalCodes",
  ].map((f) => `${f}:${strs(o[f.charAt(0).toLowerCase() + f.slice(1)])}`);
  const serial = typeof o["serialNumber"] === "string" ? o["serialNumber"] : "";
  return { goString: `certmanager.X509Subject{${lists.join(", ")}, SerialNumber:${goQuote(serial)}}` };
}

function validateLiteralSubject(spec: CertificateSpec, p: string, setCN: (cn: string) => void): FieldError[] {
  const el: FieldError[] = [];
  const ls = spec.literalSubject ?? "";
  if ((spec.commonName ?? "") !== "") {
    el.push(
      invalid(
        child(p, "commonName"),
        spec.commonName ?? "",
        "When providing a `LiteralSubject` no `commonName` may be provided.",
      ),
    );
  }
  if (hasSubjectFields(spec.subject)) {
    el.push(
      invalid(
        child(p, "subject"),
        goX509Subject(spec.subject),
        "When providing a `LiteralSubject` no `Subject` properties may be provided.",
      ),
    );
  }
  const parsed = parseDN(ls);
  if (!parsed.ok) {
    el.push(invalid(child(p, "literalSubject"), ls, parsed.error));
    return el;
  }
  // cert-manager walks the RDNSequence, which is the string order reversed: the first CN written wins.
  const sequence = [...parsed.rdns].reverse();
  for (const rdn of sequence) {
    for (const atv of rdn) if (atv.oid === OID_COMMON_NAME) setCN(atv.value);
  }
  for (const rdn of sequence) {
    for (const atv of rdn) {
      if (!atv.recognised) {
        el.push(
          invalid(
            child(p, "literalSubject"),
            ls,
            `Literal subject contains unrecognized key with value [${atv.value}]`,
          ),
        );
      }
    }
  }
  return el;
}

function validatePrivateKey(spec: CertificateSpec, p: string): FieldError[] {
  const el: FieldError[] = [];
  const pk = spec.privateKey;
  const sizePath = child(p, "privateKey", "size");
  if (pk) {
    const size = pk.size ?? 0;
    const alg = pk.algorithm ?? "";
    if (alg === "" || alg === "RSA") {
      if (size > 0 && (size < 2048 || size > 8192))
        el.push(invalid(sizePath, size, "must be between 2048 and 8192 for rsa keyAlgorithm"));
    } else if (alg === "ECDSA") {
      if (size > 0 && size !== 256 && size !== 384 && size !== 521)
        el.push(notSupported(sizePath, size, ["256", "384", "521"]));
    } else if (alg !== "Ed25519") {
      el.push(
        invalid(
          child(p, "privateKey", "algorithm"),
          alg,
          "must be either empty or one of rsa, ecdsa or ed25519",
        ),
      );
    }
  }
  const sig = spec.signatureAlgorithm;
  if (sig) {
    const keyAlg = pk?.algorithm || "RSA";
    const allowed = SIG_ALGS[keyAlg];
    if (allowed && !allowed.includes(sig)) {
      el.push(
        invalid(
          child(p, "signatureAlgorithm"),
          sig,
          `for key algorithm ${keyAlg} the allowed signature algorithms are [${allowed.join(" ")}]`,
        ),
      );
    }
  }
  return el;
}

function durationNs(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const d = parseGoDuration(s);
  return d.ok ? d.ns : undefined;
}

const goDur = (ns: number): { goString: string } => ({ goString: formatGoDuration(ns) });

/** cert-manager's ValidateDuration (rules 22–27); durations are printed like Go's time.Duration. */
function validateDuration(spec: CertificateSpec, p: string): FieldError[] {
  const el: FieldError[] = [];
  for (const f of ["duration", "renewBefore"] as const) {
    const v = spec[f];
    if (v !== undefined) {
      const d = parseGoDuration(v);
      // metav1.Duration fails to unmarshal: the API server rejects the body before the webhook.
      if (!d.ok) el.push(invalid(child(p, f), v, d.error));
    }
  }
  if (el.length > 0) return el;
  const duration = durationNs(spec.duration) ?? DEFAULT_DURATION_NS;
  if (duration < MIN_DURATION_NS)
    el.push(
      invalid(child(p, "duration"), goDur(duration), "certificate duration must be greater than 1h0m0s"),
    );
  const rb = durationNs(spec.renewBefore);
  const pct = spec.renewBeforePercentage;
  if (rb !== undefined && pct !== undefined) {
    const msg = "renewBefore and renewBeforePercentage are mutually exclusive and cannot both be set";
    el.push(invalid(child(p, "renewBefore"), goDur(rb), msg));
    el.push(invalid(child(p, "renewBeforePercentage"), pct, msg));
  }
  if (rb !== undefined && rb < MIN_RENEW_BEFORE_NS) {
    el.push(invalid(child(p, "renewBefore"), goDur(rb), "certificate renewBefore must be greater than 5m0s"));
  }
  if (rb !== undefined && rb >= duration) {
    el.push(
      invalid(
        child(p, "renewBefore"),
        goDur(rb),
        `certificate duration ${formatGoDuration(duration)} must be greater than renewBefore ${formatGoDuration(rb)}`,
      ),
    );
  }
  if (pct !== undefined) {
    // Go integer arithmetic on nanoseconds: duration * (100-pct) / 100, truncated.
    const derived = Math.trunc((duration * (100 - pct)) / 100);
    if (derived < MIN_RENEW_BEFORE_NS) {
      el.push(
        invalid(
          child(p, "renewBeforePercentage"),
          pct,
          "certificate renewBeforePercentage must result in a renewBefore greater than 5m0s",
        ),
      );
    }
    if (derived >= duration) {
      el.push(
        invalid(
          child(p, "renewBeforePercentage"),
          pct,
          "certificate renewBeforePercentage must result in a renewBefore less than duration",
        ),
      );
    }
  }
  return el;
}

function validateSecretTemplate(spec: CertificateSpec, p: string): FieldError[] {
  const el: FieldError[] = [];
  const t = spec.secretTemplate;
  if (!t) return el;
  if (t.labels && Object.keys(t.labels).length > 0)
    el.push(...validateLabels(t.labels, child(p, "secretTemplate", "labels")));
  if (t.annotations && Object.keys(t.annotations).length > 0) {
    const ap = child(p, "secretTemplate", "annotations");
    for (const a of Object.keys(t.annotations)) {
      if (a.startsWith("cert-manager.io/") && a !== "cert-manager.io/allow-direct-injection") {
        el.push(invalid(ap, a, "cert-manager.io/* annotations are not allowed"));
      }
    }
    el.push(...validateAnnotations(t.annotations, ap));
  }
  return el;
}

function validateNameConstraints(spec: CertificateSpec, p: string): FieldError[] {
  const el: FieldError[] = [];
  const nc = spec.nameConstraints;
  if (!nc) return el;
  const np = child(p, "nameConstraints");
  const shown = { goString: "&certmanager.NameConstraints{...}" };
  if (!spec.isCA) el.push(invalid(np, shown, "isCA should be true when nameConstraints is set"));
  if (!nc.permitted && !nc.excluded) el.push(invalid(np, shown, "either permitted or excluded must be set"));
  for (const which of ["permitted", "excluded"] as const) {
    (nc[which]?.ipRanges ?? []).forEach((r, i) => {
      if (!isCIDR(r)) el.push(invalid(index(child(np, which, "ipRanges"), i), r, "invalid CIDR address"));
    });
  }
  return el;
}

function validateKeystores(spec: CertificateSpec, p: string): FieldError[] {
  const el: FieldError[] = [];
  const ks = spec.keystores;
  if (!ks) return el;
  for (const [name, label] of [
    ["jks", "JKS"],
    ["pkcs12", "PKCS#12"],
  ] as const) {
    const k = ks[name];
    if (!k) continue;
    const kp = child(p, "keystores", name);
    const hasPassword = k.password !== undefined && k.password !== null;
    const hasRef = (k.passwordSecretRef?.name ?? "") !== "";
    if (hasPassword && hasRef) {
      el.push(
        forbidden(
          kp,
          `exactly one of passwordSecretRef and password must be provided for ${label} keystores; cannot set both`,
        ),
      );
    }
    if (!hasPassword && !hasRef)
      el.push(
        forbidden(kp, `must set exactly one of passwordSecretRef and password must for ${label} keystores`),
      );
    if (hasPassword && k.password === "")
      el.push(
        forbidden(child(kp, "password"), `literal password cannot be empty if set on ${label} keystores`),
      );
  }
  return el;
}

function validateRenewal(r: NonNullable<CertificateSpec["renewal"]>, p: string): FieldError[] {
  const el: FieldError[] = [];
  const policy = r.policy ?? "";
  if (policy === "Disabled") {
    if ((r.windows?.length ?? 0) > 0)
      el.push(
        forbidden(
          child(p, "renewal", "windows"),
          "windows cannot be set when `renewal.policy` is set to Disabled",
        ),
      );
    return el;
  }
  if (policy !== "RenewBefore" && policy !== "") {
    el.push(
      notSupported(child(p, "renewal", "policy"), `unsupported field ${policy}`, ["Disabled", "RenewBefore"]),
    );
  }
  (r.windows ?? []).forEach((w, i) => {
    const wp = index(child(p, "renewal", "windows"), i);
    // Upstream only checks presence; the CRD pattern guards the format.
    if (w.windowDuration === undefined || w.windowDuration === null) {
      el.push(
        required(
          child(wp, "windowDuration"),
          "windowDuration must be specified and should be greater than 0",
        ),
      );
    }
    const tz = w.timezone ?? "";
    if (tz !== "" && !isIANATimeZone(tz)) {
      el.push(
        invalid(child(wp, "timezone"), tz, "invalid value for timezone. timezone must be IANA compliant"),
      );
    }
    const err = cronParseError(w.cron ?? "");
    if (err !== null) {
      el.push(
        invalid(
          child(wp, "cron"),
          w.cron ?? "",
          `invalid cron syntax: ${err}. cron needs to follow: cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow`,
        ),
      );
    }
  });
  return el;
}
