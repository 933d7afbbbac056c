import type { ResolvedEnvironment } from "../config/environment.ts";
import { formatIssuerKey } from "../config/issuer-key.ts";
import type { CertflowConfig, GuardrailId, IssuerKey } from "../config/types.ts";
import type { PluginFinding, SourcedObject } from "../findings.ts";
import { classifyAcmeServer } from "./acme-directory.ts";
import { definedIssuers, issuerReferences, keyMatches, type IssuerReference } from "./issuers.ts";

export interface EnvironmentDocuments {
  environment: ResolvedEnvironment;
  documents: SourcedObject[];
}

export interface GuardrailInput extends EnvironmentDocuments {
  config: CertflowConfig;
  /** Issuers that may be referenced without being defined (config plus parameters). */
  externalIssuers: IssuerKey[];
  /** The other environments' rendered overlays, for the cross-environment rule. */
  others: EnvironmentDocuments[];
  /** Namespace that objects without one are applied to (Argo CD's destination namespace). */
  defaultNamespace?: string;
}

/** A rule reports problems as errors; the runner downgrades or drops them per configuration. */
export type Guardrail = (input: GuardrailInput) => Omit<PluginFinding, "severity" | "rule">[];

const letsEncryptProduction = "https://acme-v02.api.letsencrypt.org/directory";
const letsEncryptStaging = "https://acme-staging-v02.api.letsencrypt.org/directory";

function at(d: SourcedObject, kind: string, meta: { name: string; namespace?: string }, field: string) {
  const base = { file: d.file, line: d.line, column: 1, kind, name: meta.name, field };
  return meta.namespace ? { ...base, namespace: meta.namespace } : base;
}

function acmeRule(
  envType: "production" | "staging",
  wrong: "staging" | "production",
  id: GuardrailId,
): Guardrail {
  return ({ environment, documents, config }) => {
    if (environment.type !== envType) return [];
    return definedIssuers(documents)
      .filter(
        (i) =>
          i.acmeServer !== undefined && classifyAcmeServer(i.acmeServer, config.acmeDirectories) === wrong,
      )
      .map((i) => ({
        ...at(i.source, i.kind, i, "spec.acme.server"),
        message:
          envType === "production"
            ? `${i.kind} ${i.name} in production environment "${environment.name}" uses the staging/test ACME directory ${i.acmeServer}: browsers will not trust its certificates. Use a production directory such as ${letsEncryptProduction}, or set guardrails.${id}: off in certflow.yaml.`
            : `${i.kind} ${i.name} in staging environment "${environment.name}" uses the production ACME directory ${i.acmeServer}: staging traffic spends production rate limits (50 certificates per domain per week). Use ${letsEncryptStaging}, or set guardrails.${id}: off in certflow.yaml.`,
      }));
  };
}

/** The production overlay must not issue from a staging or test CA. */
export const productionUsesStagingAcme = acmeRule("production", "staging", "production-uses-staging-acme");

/** The staging overlay must not issue from a production CA. */
export const stagingUsesProductionAcme = acmeRule("staging", "production", "staging-uses-production-acme");

function effectiveNamespace(ns: string | undefined, fallback: string | undefined): string | undefined {
  return ns ?? fallback;
}

function describeReferrer(ref: IssuerReference): string {
  const r = ref.referrer;
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}`;
}

/** Every issuer a Certificate (or an ingress-shim annotation) names must be in the overlay or declared external. */
export const issuerNotDefined: Guardrail = ({ documents, externalIssuers, defaultNamespace }) => {
  const issuers = definedIssuers(documents);
  const out: ReturnType<Guardrail> = [];
  for (const ref of issuerReferences(documents)) {
    const ns = effectiveNamespace(ref.namespace, defaultNamespace);
    const found = issuers.some(
      (i) =>
        i.kind === ref.kind &&
        i.name === ref.name &&
        (i.kind === "ClusterIssuer" || effectiveNamespace(i.namespace, defaultNamespace) === ns),
    );
    const keyRef =
      ns === undefined
        ? { kind: ref.kind, name: ref.name }
        : { kind: ref.kind, name: ref.name, namespace: ns };
    if (found || externalIssuers.some((k) => keyMatches(k, keyRef))) continue;
    const where = ref.kind === "Issuer" ? ` in namespace ${ns ?? "(none)"}` : "";
    const available = issuers.map((i) => formatIssuerKey(i)).join(", ") || "none";
    out.push({
      ...at(ref.source, ref.referrer.kind, ref.referrer, ref.field),
      message: `${describeReferrer(ref)} refers to ${ref.kind} "${ref.name}"${where}, which this overlay does not define (it defines: ${available}). Fix the name, add the issuer, or list it under externalIssuers in certflow.yaml if another Application installs it.`,
    });
  }
  return out;
};

// Words that only say which environment a name belongs to: letsencrypt-staging and
// letsencrypt-prod are the same issuer in two environments.
const environmentWords = [
  "production",
  "prod",
  "prd",
  "live",
  "staging",
  "stage",
  "stg",
  "preprod",
  "uat",
  "qa",
  "test",
  "dev",
  "development",
];

/** The name an issuer has "in every environment", used to compare Certificates across overlays. */
export function canonicalIssuerName(name: string, config: CertflowConfig): string {
  const group = config.equivalentIssuers.find((g) => g.includes(name));
  if (group?.[0] !== undefined) return group[0];
  const words = new Set([...environmentWords, ...config.environments.map((e) => e.name)]);
  const kept = name.split(/[-_.]/).filter((w) => !words.has(w.toLowerCase()));
  return kept.length > 0 ? kept.join("-") : name;
}

function referrerKey(ref: IssuerReference, defaultNamespace: string | undefined): string {
  return `${ref.referrer.kind}|${effectiveNamespace(ref.referrer.namespace, defaultNamespace) ?? ""}|${ref.referrer.name}`;
}

/** The same Certificate must use the same issuer (up to environment words) in every environment. */
export const issuerDiffersBetweenEnvironments: Guardrail = ({
  documents,
  others,
  config,
  defaultNamespace,
}) => {
  const out: ReturnType<Guardrail> = [];
  const otherRefs = others.map((o) => ({
    environment: o.environment,
    refs: new Map(issuerReferences(o.documents).map((r) => [referrerKey(r, defaultNamespace), r])),
  }));
  for (const ref of issuerReferences(documents)) {
    for (const other of otherRefs) {
      const theirs = other.refs.get(referrerKey(ref, defaultNamespace));
      if (!theirs) continue; // the Certificate exists only here: nothing to compare
      const same =
        theirs.kind === ref.kind &&
        canonicalIssuerName(theirs.name, config) === canonicalIssuerName(ref.name, config);
      if (same) continue;
      out.push({
        ...at(ref.source, ref.referrer.kind, ref.referrer, ref.field),
        message: `${describeReferrer(ref)} uses ${ref.kind} "${ref.name}" here but ${theirs.kind} "${theirs.name}" in environment "${other.environment.name}": a Certificate should come from the same issuer in every environment (names differing only by an environment word, like letsencrypt-staging and letsencrypt-prod, count as the same). If intended, list both names under equivalentIssuers in certflow.yaml.`,
      });
    }
  }
  return out;
};

/** The guardrails in the order they run; each one can be switched off in certflow.yaml. */
export const guardrails: ReadonlyArray<readonly [GuardrailId, Guardrail]> = [
  ["production-uses-staging-acme", productionUsesStagingAcme],
  ["staging-uses-production-acme", stagingUsesProductionAcme],
  ["issuer-not-defined", issuerNotDefined],
  ["issuer-differs-between-environments", issuerDiffersBetweenEnvironments],
];
