/** How guardrails treat an environment. */
export type EnvironmentType = "production" | "staging" | "other";

export const environmentTypes: readonly EnvironmentType[] = ["production", "staging", "other"];

export interface EnvironmentConfig {
  name: string;
  type: EnvironmentType;
  /** Overlay directories, relative to the repository root, POSIX separators, no trailing slash. */
  overlays: string[];
}

export interface IssuerKey {
  kind: "Issuer" | "ClusterIssuer";
  name: string;
  /** Only for kind Issuer; undefined matches any namespace. */
  namespace?: string;
}

export const guardrailIds = [
  "production-uses-staging-acme",
  "staging-uses-production-acme",
  "issuer-differs-between-environments",
  "issuer-not-defined",
] as const;

export type GuardrailId = (typeof guardrailIds)[number];

export type GuardrailLevel = "error" | "warning" | "off";

export interface CertflowConfig {
  /** Absolute path of the file it was read from; undefined when defaults are used. */
  file?: string;
  environments: EnvironmentConfig[];
  externalIssuers: IssuerKey[];
  /** Groups of issuer names that are the same issuer in different environments. */
  equivalentIssuers: string[][];
  guardrails: Record<GuardrailId, GuardrailLevel>;
  /** Extra ACME directory URLs to recognise, beyond the built-in list. */
  acmeDirectories: { production: string[]; staging: string[] };
}

export interface ConfigIssue {
  file: string;
  line: number;
  field: string;
  message: string;
}

export type ConfigResult = { ok: true; config: CertflowConfig } | { ok: false; issues: ConfigIssue[] };

export function defaultConfig(): CertflowConfig {
  return {
    environments: [],
    externalIssuers: [],
    equivalentIssuers: [],
    guardrails: {
      "production-uses-staging-acme": "error",
      "staging-uses-production-acme": "error",
      "issuer-differs-between-environments": "error",
      "issuer-not-defined": "error",
    },
    acmeDirectories: { production: [], staging: [] },
  };
}
