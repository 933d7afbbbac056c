import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { crdsYAML } from "./crds-yaml.ts";
import { generateCrds, KINDS, kindSchema } from "./crds.ts";
import type { JSONSchemaProps } from "./dsl.ts";

function walk(s: JSONSchemaProps, path: string, visit: (s: JSONSchemaProps, path: string) => void): void {
  visit(s, path);
  for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${path}.${k}`, visit);
  if (s.items) walk(s.items, `${path}[]`, visit);
  if (s.additionalProperties) walk(s.additionalProperties, `${path}{}`, visit);
}

describe("generateCrds", () => {
  test("six CRDs named <plural>.<group>, served and stored as v1 only", () => {
    const crds = generateCrds();
    assert.equal(crds.length, 6);
    for (const c of crds) {
      const spec = c["spec"] as {
        group: string;
        names: { plural: string };
        versions: { name: string; served: boolean; storage: boolean }[];
      };
      assert.equal((c["metadata"] as { name: string }).name, `${spec.names.plural}.${spec.group}`);
      assert.deepEqual(
        spec.versions.map((v) => [v.name, v.served, v.storage]),
        [["v1", true, true]],
      );
    }
  });

  test("schemas are structural: every node has a type or preserves unknown fields", () => {
    for (const def of KINDS) {
      walk(kindSchema(def), def.kind, (s, path) => {
        assert.ok(
          s.type !== undefined ||
            s["x-kubernetes-preserve-unknown-fields"] ||
            s["x-kubernetes-int-or-string"],
          `${path} has no type`,
        );
        if (s.properties && s.additionalProperties)
          assert.fail(`${path}: properties and additionalProperties are exclusive`);
      });
    }
  });

  test("deploy/crds.yaml is exactly what the code generates (run `certflow crds -f deploy/crds.yaml`)", () => {
    const onDisk = readFileSync(new URL("../../deploy/crds.yaml", import.meta.url), "utf8");
    assert.equal(onDisk, crdsYAML());
  });
});
