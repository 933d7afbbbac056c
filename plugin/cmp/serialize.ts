import { stringify } from "yaml";

/**
 * A YAML stream in kustomize's style (keys sorted, no line folding, "---" between
 * documents and none before the first), for when certflow changed the rendered objects.
 */
export function toYamlStream(objects: Record<string, unknown>[]): string {
  return objects
    .map((o) =>
      stringify(o, {
        sortMapEntries: true,
        lineWidth: 0,
        minContentWidth: 0,
        indentSeq: false,
        aliasDuplicateObjects: false,
      }),
    )
    .join("---\n");
}
