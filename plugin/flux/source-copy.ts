import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { parse, parseAllDocuments, stringify } from "yaml";
import { kustomizationIn } from "../cmp/overlay-paths.ts";
import type { FluxKustomization } from "./kustomization.ts";
import { mergeFluxFields } from "./merge.ts";

const skipped = new Set([".git", "node_modules"]);

/** A YAML file kustomize-controller would pick up: every document has apiVersion and kind. */
async function isManifestFile(file: string): Promise<boolean> {
  const docs = parseAllDocuments(await readFile(file, "utf8"));
  const objects = (Array.isArray(docs) ? docs : [docs])
    .map((d) => d.toJS() as unknown)
    .filter((o) => o !== null);
  return (
    objects.length > 0 &&
    objects.every((o) => typeof o === "object" && o !== null && "apiVersion" in o && "kind" in o)
  );
}

/**
 * Without a kustomization.yaml, kustomize-controller generates one: every manifest
 * file under the path, and every sub-directory that has its own kustomization.yaml.
 */
export async function generatedResources(dir: string, top = dir): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (skipped.has(e.name) || e.name.startsWith(".")) continue;
      if (await kustomizationIn(p)) out.push(relative(top, p));
      else out.push(...(await generatedResources(p, top)));
    } else if (/\.(ya?ml|json)$/.test(e.name) && (await isManifestFile(p))) {
      out.push(relative(top, p));
    }
  }
  return out;
}

/**
 * Copies the source to a temporary directory and writes the kustomization.yaml that
 * kustomize-controller would build there (the source itself is never modified).
 */
export async function prepareBuildCopy(
  sourceRoot: string,
  pathInSource: string,
  k: FluxKustomization,
): Promise<{ root: string; dir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "certflow-flux-"));
  const cleanup = () => rm(root, { recursive: true, force: true });
  try {
    await cp(sourceRoot, root, { recursive: true, filter: (src) => !skipped.has(basename(src)) });
    const dir = join(root, pathInSource);
    const existing = await kustomizationIn(dir);
    const base: Record<string, unknown> = existing
      ? ((parse(await readFile(existing, "utf8")) as Record<string, unknown> | null) ?? {})
      : {
          apiVersion: "kustomize.config.k8s.io/v1beta1",
          kind: "Kustomization",
          resources: await generatedResources(dir),
        };
    await writeFile(existing ?? join(dir, "kustomization.yaml"), stringify(mergeFluxFields(base, k)));
    return { root, dir, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
