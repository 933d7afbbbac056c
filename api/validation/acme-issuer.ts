import { child, forbidden, index, invalid, required, type FieldError } from "../field.ts";
import type { ACMEChallengeSolver, ACMEChallengeSolverHTTP01, ACMEIssuer } from "../types.ts";
import { parseGoDuration, formatGoDuration } from "../../lib/time/go-duration.ts";
import { isDNS1123Subdomain } from "../util/names.ts";
import { validateDNS01 } from "./dns01.ts";
import { caBundleHasCertificate, validateSecretKeySelector } from "./issuer.ts";

export const EAB_KEY_ALGORITHM_WARNING =
  "ACME issuer spec field 'externalAccount.keyAlgorithm' is deprecated. The value of this field will be ignored.";

export function validateACMEIssuer(a: ACMEIssuer, p: string): { errors: FieldError[]; warnings: string[] } {
  const el: FieldError[] = [];
  const warnings: string[] = [];
  const caBundle = a.caBundle ?? "";
  if (caBundle.length > 0 && a.skipTLSVerify) {
    const msg = "caBundle and skipTLSVerify are mutually exclusive and cannot both be set";
    el.push(invalid(child(p, "caBundle"), "", msg));
    el.push(invalid(child(p, "skipTLSVerify"), true, msg));
  }
  if (caBundle.length > 0 && !caBundleHasCertificate(caBundle)) {
    el.push(invalid(child(p, "caBundle"), "", "cert bundle didn't contain any valid certificates"));
  }
  if ((a.privateKeySecretRef?.name ?? "") === "") {
    el.push(required(child(p, "privateKeySecretRef", "name"), "private key secret name is a required field"));
  }
  if ((a.server ?? "") === "") el.push(required(child(p, "server"), "acme server URL is a required field"));
  const eab = a.externalAccountBinding;
  if (eab) {
    const ep = child(p, "externalAccountBinding");
    if ((eab.keyID ?? "") === "")
      el.push(required(child(ep, "keyID"), "the keyID field is required when using externalAccountBinding"));
    el.push(...validateSecretKeySelector(eab.keySecretRef, child(ep, "keySecretRef")));
    if ((eab.keyAlgorithm ?? "") !== "") warnings.push(EAB_KEY_ALGORITHM_WARNING);
  }
  (a.solvers ?? []).forEach((s, i) => el.push(...validateSolver(s, index(child(p, "solvers"), i))));
  return { errors: el, warnings };
}

export function validateSolver(s: ACMEChallengeSolver, p: string): FieldError[] {
  const el: FieldError[] = [];
  let n = 0;
  if (s.http01) {
    n++;
    el.push(...validateHTTP01(s.http01, child(p, "http01")));
  }
  if (s.dns01) {
    if (n > 0) el.push(forbidden(p, "may not specify more than one solver type in a single solver"));
    else {
      n++;
      el.push(...validateDNS01(s.dns01, child(p, "dns01")));
    }
  }
  if (n === 0) el.push(required(p, "no solver type configured"));
  if (s.waitInsteadOfSelfCheck !== undefined) {
    const d = parseGoDuration(s.waitInsteadOfSelfCheck);
    if (!d.ok) el.push(invalid(child(p, "waitInsteadOfSelfCheck"), s.waitInsteadOfSelfCheck, d.error));
    else if (d.ns < 0) {
      el.push(
        invalid(
          child(p, "waitInsteadOfSelfCheck"),
          { goString: formatGoDuration(d.ns) },
          "waitInsteadOfSelfCheck must not be negative",
        ),
      );
    }
  }
  return el;
}

const SERVICE_TYPE_MSG = 'must be empty, "ClusterIP" or "NodePort"';

function validateHTTP01(h: ACMEChallengeSolverHTTP01, p: string): FieldError[] {
  const el: FieldError[] = [];
  let n = 0;
  if (h.ingress) {
    n++;
    const ip = child(p, "ingress");
    const ing = h.ingress;
    let set = 0;
    if (ing.class !== undefined && ing.class !== null) set++;
    if (ing.ingressClassName !== undefined && ing.ingressClassName !== null) set++;
    if ((ing.name ?? "") !== "") set++;
    if (set > 1)
      el.push(forbidden(ip, "only one of 'ingressClassName', 'name' or 'class' should be specified"));
    if (ing.ingressClassName !== undefined && ing.ingressClassName !== null) {
      const errs = isDNS1123Subdomain(ing.ingressClassName);
      if (errs.length > 0) {
        el.push(
          invalid(
            child(ip, "ingressClassName"),
            ing.ingressClassName,
            `must be a valid IngressClass name: ${errs.join(", ")}`,
          ),
        );
      }
    }
    const st = ing.serviceType ?? "";
    if (st !== "" && st !== "ClusterIP" && st !== "NodePort")
      el.push(invalid(child(ip, "serviceType"), st, SERVICE_TYPE_MSG));
  }
  if (h.gatewayHTTPRoute) {
    n++;
    // sic: cert-manager reports this solver under `.gateway`
    const gp = child(p, "gateway");
    const g = h.gatewayHTTPRoute;
    const st = g.serviceType ?? "";
    if (st !== "" && st !== "ClusterIP" && st !== "NodePort")
      el.push(invalid(child(gp, "serviceType"), st, SERVICE_TYPE_MSG));
    const refs = g.parentRefs ?? [];
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      const rp = index(child(gp, "parentRefs"), i);
      const hasKind = r?.kind !== undefined && r.kind !== null;
      const name = r?.name ?? "";
      if (hasKind && name === "") {
        el.push(required(child(rp, "name"), "name is required when kind is specified"));
        break;
      }
      if (name !== "" && !hasKind) {
        el.push(required(child(rp, "kind"), "kind is required when name is specified"));
        break;
      }
    }
  }
  if (n === 0) el.push(required(p, "no HTTP01 solver type configured"));
  if (n > 1) el.push(required(p, "only 1 HTTP01 solver type may be configured"));
  return el;
}
