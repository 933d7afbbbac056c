import { basename, dirname, relative } from "node:path";
import { normalizeOverlayPath } from "./parse.ts";
import { environmentTypes, type CertflowConfig, type EnvironmentType } from "./types.ts";

export interface ResolvedEnvironment {
  name: string;
  type: EnvironmentType;
  /** Where the answer came from, printed in reports so a surprise can be traced. */
  source: "parameter" | "config" | "directory-name" | "default";
}

export type EnvironmentResult =
  { ok: true; environment: ResolvedEnvironment } | { ok: false; message: string };

// Directory names that say which environment an overlay is, when certflow.yaml does not.
const productionNames = new Set(["production", "prod", "prd", "live"]);
const stagingNames = new Set(["staging", "stage", "stg", "preprod", "pre-prod", "uat", "qa"]);

/** The environment type a directory name implies, if any. */
export function typeFromName(name: string): EnvironmentType | undefined {
  const n = name.toLowerCase();
  if (productionNames.has(n)) return "production";
  if (stagingNames.has(n)) return "staging";
  return undefined;
}

/** The overlay's path relative to the directory of certflow.yaml (or the repository root). */
export function overlayKey(config: CertflowConfig, overlayDir: string, repoRoot: string): string {
  const base = config.file ? dirname(config.file) : repoRoot;
  return normalizeOverlayPath(relative(base, overlayDir));
}

/**
 * Decides which environment an overlay belongs to: an explicit parameter wins, then
 * certflow.yaml, then the overlay's directory name; anything else is "other", for
 * which the ACME guardrails do not apply.
 */
export function resolveEnvironment(
  config: CertflowConfig,
  overlayDir: string,
  repoRoot: string,
  requested: string,
): EnvironmentResult {
  if (requested !== "" && requested !== "auto") {
    const named = config.environments.find((e) => e.name === requested);
    if (named) return { ok: true, environment: { name: named.name, type: named.type, source: "parameter" } };
    if (environmentTypes.includes(requested as EnvironmentType)) {
      return {
        ok: true,
        environment: { name: requested, type: requested as EnvironmentType, source: "parameter" },
      };
    }
    const guessed = typeFromName(requested);
    if (guessed && config.environments.length === 0) {
      return { ok: true, environment: { name: requested, type: guessed, source: "parameter" } };
    }
    const known = [...config.environments.map((e) => e.name), ...environmentTypes];
    return {
      ok: false,
      message: `unknown environment "${requested}"; expected auto or one of: ${known.join(", ")}`,
    };
  }
  const key = overlayKey(config, overlayDir, repoRoot);
  const configured = config.environments.find((e) => e.overlays.includes(key));
  if (configured)
    return { ok: true, environment: { name: configured.name, type: configured.type, source: "config" } };
  const name = basename(overlayDir);
  const type = typeFromName(name);
  if (type) return { ok: true, environment: { name, type, source: "directory-name" } };
  return { ok: true, environment: { name, type: "other", source: "default" } };
}
