/**
 * JSON schemas for kubeconform, written offline: the cert-manager kinds from our own CRD schemas
 * (converted as kubeconform's openapi2jsonschema does, strict), the core kinds of the corpus by hand.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KINDS, kindSchema } from "../api/schema/crds.ts";
import type { JSONSchemaProps } from "../api/schema/dsl.ts";

function toJSONSchema(s: JSONSchemaProps): Record<string, unknown> {
  if (s["x-kubernetes-int-or-string"]) return { oneOf: [{ type: "string" }, { type: "integer" }] };
  const out: Record<string, unknown> = {};
  if (s.type) out["type"] = s.type;
  if (s.enum) out["enum"] = s.enum;
  for (const k of ["maxLength", "minLength", "pattern", "minimum", "maximum", "required"] as const) {
    if (s[k] !== undefined) out[k] = s[k];
  }
  if (s.format === "byte") out["contentEncoding"] = "base64";
  if (s.items) out["items"] = toJSONSchema(s.items);
  if (s.properties) {
    out["properties"] = Object.fromEntries(
      Object.entries(s.properties).map(([k, v]) => [k, toJSONSchema(v)]),
    );
    if (!s["x-kubernetes-preserve-unknown-fields"]) out["additionalProperties"] = false;
  } else if (s.additionalProperties) out["additionalProperties"] = toJSONSchema(s.additionalProperties);
  return out;
}

const META = {
  type: "object",
  properties: {
    name: { type: "string" },
    namespace: { type: "string" },
    labels: { type: "object", additionalProperties: { type: "string" } },
    annotations: { type: "object", additionalProperties: { type: "string" } },
  },
};
const strMap = { type: "object", additionalProperties: { type: "string" } };
const CORE: Record<string, Record<string, unknown>> = {
  "secret_v1_v1.json": {
    type: "object",
    required: ["apiVersion", "kind"],
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: META,
      type: { type: "string" },
      data: strMap,
      stringData: strMap,
      immutable: { type: "boolean" },
    },
    additionalProperties: false,
  },
  "configmap_v1_v1.json": {
    type: "object",
    required: ["apiVersion", "kind"],
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: META,
      data: strMap,
      binaryData: strMap,
      immutable: { type: "boolean" },
    },
    additionalProperties: false,
  },
  "ingress_networking.k8s.io_v1.json": {
    type: "object",
    required: ["apiVersion", "kind"],
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: META,
      spec: {
        type: "object",
        properties: {
          ingressClassName: { type: "string" },
          tls: {
            type: "array",
            items: {
              type: "object",
              properties: {
                hosts: { type: "array", items: { type: "string" } },
                secretName: { type: "string" },
              },
            },
          },
          rules: {
            type: "array",
            items: {
              type: "object",
              properties: {
                host: { type: "string" },
                http: {
                  type: "object",
                  required: ["paths"],
                  properties: {
                    paths: {
                      type: "array",
                      items: {
                        type: "object",
                        required: ["pathType", "backend"],
                        properties: {
                          path: { type: "string" },
                          pathType: { type: "string", enum: ["Exact", "Prefix", "ImplementationSpecific"] },
                          backend: { type: "object" },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** Writes `<dir>/<kind>_<group>_<version>.json` files; returns kubeconform's -schema-location template. */
export function writeKubeconformSchemas(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const def of KINDS) {
    const file = `${def.kind.toLowerCase()}_${def.group}_v1.json`;
    writeFileSync(join(dir, file), JSON.stringify(toJSONSchema(kindSchema(def))));
  }
  for (const [file, schema] of Object.entries(CORE)) writeFileSync(join(dir, file), JSON.stringify(schema));
  // kubeconform gives core kinds (apiVersion "v1") the group "v1", hence secret_v1_v1.json.
  return `${dir}/{{ .ResourceKind }}_{{ .Group }}_{{ .ResourceAPIVersion }}.json`;
}
