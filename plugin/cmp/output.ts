import type { RenderResultLike } from "../engine-types.ts";
import { toYamlStream } from "./serialize.ts";
import { addSyncWaves } from "./sync-waves.ts";

/**
 * The manifest stream for stdout: the renderer's own YAML (exactly what kustomize
 * prints) unless sync waves had to be added, then our re-serialisation of it.
 */
export function serializeOutput(
  rendered: Extract<RenderResultLike, { ok: true }>,
  syncWaves: boolean,
): string {
  const objects = rendered.documents.map((d) => d.object);
  const out = syncWaves ? addSyncWaves(objects) : { objects, changed: false };
  const text = out.changed ? toYamlStream(out.objects) : rendered.yaml;
  return text.endsWith("\n") || text === "" ? text : `${text}\n`;
}
