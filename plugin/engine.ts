import type { Engine } from "./engine-types.ts";

/**
 * Binds the plugin to the renderer (`render` from kustomize/index.ts) and the validator
 * (`validateDocuments` from api/index.ts), loaded lazily so `certflow cmp --help` stays fast.
 */
export async function loadEngine(): Promise<Engine> {
  const [kustomize, api] = await Promise.all([import("../kustomize/index.ts"), import("../api/index.ts")]);
  return {
    render: (dir, opts) => kustomize.render(dir, opts),
    validate: (docs, opts) => api.validateDocuments(docs, opts),
    parse: (text, file) => api.parseManifests(text, file).documents,
  };
}
