import { X509Certificate } from "node:crypto";
import { child, forbidden, index, invalid, required, type FieldError } from "../field.ts";
import type { CAIssuer, IssuerSpec, SecretKeySelector, VaultIssuer, VenafiIssuer } from "../types.ts";
import { validateACMEIssuer } from "./acme-issuer.ts";

export interface Result {
  errors: FieldError[];
  warnings: string[];
}

/** Webhook rules for Issuer and ClusterIssuer spec (inventory §2.6). */
export function validateIssuerSpec(spec: IssuerSpec, p = "spec"): Result {
  const errors: FieldError[] = [];
  const warnings: string[] = [];
  let n = 0;
  const one = (name: keyof IssuerSpec, run: () => void): void => {
    if (spec[name] === undefined || spec[name] === null) return;
    if (n > 0) {
      errors.push(forbidden(child(p, name), "may not specify more than one issuer type"));
      return;
    }
    n++;
    run();
  };
  one("acme", () => {
    const r = validateACMEIssuer(spec.acme!, child(p, "acme"));
    errors.push(...r.errors);
    warnings.push(...r.warnings);
  });
  one("ca", () => errors.push(...validateCA(spec.ca!, child(p, "ca"))));
  one("selfSigned", () => undefined);
  one("vault", () => errors.push(...validateVault(spec.vault!, child(p, "vault"))));
  one("venafi", () => errors.push(...validateVenafi(spec.venafi!, child(p, "venafi"))));
  if (n === 0) errors.push(required(p, "at least one issuer must be configured"));
  return { errors, warnings };
}

export function validateSecretKeySelector(s: SecretKeySelector | undefined, p: string): FieldError[] {
  const el: FieldError[] = [];
  if ((s?.name ?? "") === "") el.push(required(child(p, "name"), "secret name is required"));
  if ((s?.key ?? "") === "") el.push(required(child(p, "key"), "secret key is required"));
  return el;
}

/** Go's x509.CertPool.AppendCertsFromPEM: true when at least one certificate parses. */
export function caBundleHasCertificate(b64: string): boolean {
  const pem = Buffer.from(b64, "base64").toString("latin1");
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (const m of pem.matchAll(re)) {
    try {
      new X509Certificate(m[0]);
      return true;
    } catch {
      // skip invalid blocks like Go does
    }
  }
  return false;
}

function validateCA(ca: CAIssuer, p: string): FieldError[] {
  const el: FieldError[] = [];
  if ((ca.secretName ?? "") === "") el.push(required(child(p, "secretName")));
  (ca.ocspServers ?? []).forEach((u, i) => {
    // sic: cert-manager reports the path as ocspServer, not ocspServers
    if (u === "")
      el.push(
        invalid(
          index(child(p, "ocspServer"), i),
          u,
          "must be a valid URL, e.g., http://ocsp.int-x3.letsencrypt.org",
        ),
      );
  });
  (ca.issuingCertificateURLs ?? []).forEach((u, i) => {
    if (u === "") el.push(invalid(index(child(p, "issuingCertificateURLs"), i), u, "must be a valid URL"));
  });
  return el;
}

const hasDotDot = (s: string | undefined): boolean => (s ?? "").split("/").includes("..");
const DOT_DOT = "must not contain '..' path segments";
const SNIP = "<snip>";

function validateVault(v: VaultIssuer, p: string): FieldError[] {
  const el: FieldError[] = [];
  if ((v.server ?? "") === "") el.push(required(child(p, "server")));
  if ((v.path ?? "") === "") el.push(required(child(p, "path")));
  else if (hasDotDot(v.path)) el.push(invalid(child(p, "path"), v.path, DOT_DOT));
  if (v.caBundle && !caBundleHasCertificate(v.caBundle)) {
    el.push(invalid(child(p, "caBundle"), SNIP, "cert bundle didn't contain any valid certificates"));
  }
  if (v.caBundle && v.caBundleSecretRef) {
    el.push(
      invalid(child(p, "caBundle"), SNIP, "specified caBundle and caBundleSecretRef cannot be used together"),
    );
    el.push(
      invalid(
        child(p, "caBundleSecretRef"),
        v.caBundleSecretRef.name ?? "",
        "specified caBundleSecretRef and caBundle cannot be used together",
      ),
    );
  }
  if (v.clientCertSecretRef && !v.clientKeySecretRef) {
    el.push(
      invalid(
        child(p, "clientKeySecretRef"),
        SNIP,
        "clientKeySecretRef must be provided when defining the clientCertSecretRef",
      ),
    );
  } else if (!v.clientCertSecretRef && v.clientKeySecretRef) {
    el.push(
      invalid(
        child(p, "clientCertSecretRef"),
        SNIP,
        "clientCertSecretRef must be provided when defining the clientKeySecretRef",
      ),
    );
  }
  el.push(...validateVaultAuth(v.auth ?? {}, child(p, "auth")));
  return el;
}

function validateVaultAuth(auth: VaultIssuer["auth"], p: string): FieldError[] {
  const el: FieldError[] = [];
  let n = 0;
  if (auth.tokenSecretRef) n++;
  if (auth.appRole) {
    n++;
    if ((auth.appRole.roleId ?? "") === "") el.push(required(child(p, "appRole", "roleId")));
    if ((auth.appRole.secretRef?.name ?? "") === "")
      el.push(required(child(p, "appRole", "secretRef", "name")));
    if (hasDotDot(auth.appRole.path))
      el.push(invalid(child(p, "appRole", "path"), auth.appRole.path, DOT_DOT));
  }
  if (auth.clientCertificate) {
    n++;
    const mp = auth.clientCertificate.mountPath;
    if (hasDotDot(mp)) el.push(invalid(child(p, "clientCertificate", "path"), mp ?? "", DOT_DOT));
  }
  if (auth.kubernetes) {
    n++;
    const k = auth.kubernetes;
    if ((k.role ?? "") === "") el.push(required(child(p, "kubernetes", "role")));
    if (hasDotDot(k.mountPath)) el.push(invalid(child(p, "kubernetes", "path"), k.mountPath ?? "", DOT_DOT));
    let kc = 0;
    if ((k.secretRef?.name ?? "") !== "") kc++;
    if (k.serviceAccountRef) {
      kc++;
      if ((k.serviceAccountRef.name ?? "") === "")
        el.push(required(child(p, "kubernetes", "serviceAccountRef", "name")));
    }
    if (kc === 0)
      el.push(required(child(p, "kubernetes"), "please supply one of: secretRef, serviceAccountRef"));
    if (kc > 1)
      el.push(forbidden(child(p, "kubernetes"), "please supply one of: secretRef, serviceAccountRef"));
  }
  if (auth.aws) {
    n++;
    const a = auth.aws;
    if ((a.role ?? "") === "") el.push(required(child(p, "aws", "role")));
    if (hasDotDot(a.mountPath)) el.push(invalid(child(p, "aws", "mountPath"), a.mountPath ?? "", DOT_DOT));
    if (a.serviceAccountRef) {
      if ((a.serviceAccountRef.name ?? "") === "")
        el.push(required(child(p, "aws", "serviceAccountRef", "name")));
      if ((a.iamRoleArn ?? "") === "") {
        el.push(
          required(
            child(p, "aws", "iamRoleArn"),
            "iamRoleArn is required when using serviceAccountRef for IRSA",
          ),
        );
      }
    }
  }
  // Several auth methods at once stay allowed: the first one set wins (cert-manager back-compat).
  if (n === 0)
    el.push(required(p, "please supply one of: appRole, kubernetes, tokenSecretRef, clientCertificate, aws"));
  return el;
}

function validateVenafi(v: VenafiIssuer, p: string): FieldError[] {
  const el: FieldError[] = [];
  if ((v.zone ?? "") === "") el.push(required(child(p, "zone")));
  let n = 0;
  if (v.tpp) {
    n++;
    if ((v.tpp.url ?? "") === "") el.push(required(child(p, "tpp", "url")));
    if (v.tpp.caBundle && v.tpp.caBundleSecretRef) {
      el.push(
        forbidden(
          child(p, "tpp"),
          "may not specify more than one of caBundle/caBundleSecretRef as TPP CA Bundle",
        ),
      );
    }
  }
  if (v.cloud) n++;
  if (v.ngts) {
    n++;
    if ((v.ngts.tsgID ?? "") === "") el.push(required(child(p, "ngts", "tsgID")));
    if ((v.ngts.credentialsRef?.name ?? "") === "")
      el.push(required(child(p, "ngts", "credentialsRef", "name")));
  }
  if (n === 0) el.push(required(p, "please supply one of: tpp, cloud, ngts"));
  if (n > 1) el.push(forbidden(p, "please supply one of: tpp, cloud, ngts"));
  return el;
}
