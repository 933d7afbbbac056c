import { readdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { typeFromName, type ResolvedEnvironment } from "../config/environment.ts";
import type { CertflowConfig } from "../config/types.ts";
import { isInside, kustomizationIn } from "./overlay-paths.ts";

export interface SiblingOverlay {
  environment: ResolvedEnvironment;
  dir: string;
}

/**
 * The overlays of the other environments, for comparing Certificates across them:
 * from certflow.yaml when it lists environments, else the overlay's sibling
 * directories whose names say production or staging.
 */
export async function siblingOverlays(
  config: CertflowConfig,
  overlayDir: string,
  current: ResolvedEnvironment,
  repoRoot: string,
): Promise<SiblingOverlay[]> {
  const self = resolve(overlayDir);
  const out: SiblingOverlay[] = [];
  if (config.environments.length > 0) {
    const base = config.file ? dirname(config.file) : repoRoot;
    for (const env of config.environments) {
      if (env.name === current.name) continue;
      for (const rel of env.overlays) {
        const dir = resolve(base, rel);
        if (dir === self || !isInside(dir, repoRoot) || !(await kustomizationIn(dir))) continue;
        out.push({ environment: { name: env.name, type: env.type, source: "config" }, dir });
      }
    }
    return out;
  }
  const parent = dirname(self);
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const type = typeFromName(e.name);
    const dir = join(parent, e.name);
    if (!e.isDirectory() || !type || dir === self || e.name === basename(self)) continue;
    if (e.name === current.name || !(await kustomizationIn(dir))) continue;
    out.push({ environment: { name: e.name, type, source: "directory-name" }, dir });
  }
  return out.sort((a, b) => a.environment.name.localeCompare(b.environment.name));
}
