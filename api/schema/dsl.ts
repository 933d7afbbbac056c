/**
 * A tiny builder for OpenAPI v3 structural schemas. These objects are the single source of truth:
 * generateCrds() embeds them in the CRDs and the offline validator (api/validation/schema-check.ts)
 * walks the same objects, so the two cannot drift.
 */

export interface JSONSchemaProps {
  type?: "object" | "string" | "integer" | "number" | "boolean" | "array";
  description?: string;
  format?: string;
  properties?: Record<string, JSONSchemaProps>;
  required?: string[];
  items?: JSONSchemaProps;
  additionalProperties?: JSONSchemaProps;
  enum?: (string | number)[];
  default?: unknown;
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-list-type"?: "atomic" | "map" | "set";
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-map-type"?: "atomic" | "granular";
  "x-kubernetes-validations"?: { rule: string; message: string }[];
}

type Extra = Omit<JSONSchemaProps, "type" | "properties" | "items">;

export function str(description?: string, extra: Extra = {}): JSONSchemaProps {
  return { type: "string", ...(description ? { description } : {}), ...extra };
}

export function enumStr(values: string[], description?: string, extra: Extra = {}): JSONSchemaProps {
  return str(description, { enum: values, ...extra });
}

export function int(description?: string, extra: Extra = {}): JSONSchemaProps {
  return { type: "integer", ...(description ? { description } : {}), ...extra };
}

export function bool(description?: string): JSONSchemaProps {
  return { type: "boolean", ...(description ? { description } : {}) };
}

/** Base64 bytes (Go []byte). */
export function bytes(description?: string): JSONSchemaProps {
  return str(description, { format: "byte" });
}

export function dateTime(description?: string): JSONSchemaProps {
  return str(description, { format: "date-time" });
}

export function arr(items: JSONSchemaProps, description?: string, extra: Extra = {}): JSONSchemaProps {
  return {
    type: "array",
    ...(description ? { description } : {}),
    items,
    "x-kubernetes-list-type": "atomic",
    ...extra,
  };
}

export function strList(description?: string): JSONSchemaProps {
  return arr(str(), description);
}

export function obj(
  properties: Record<string, JSONSchemaProps>,
  required: string[] = [],
  description?: string,
  extra: Extra = {},
): JSONSchemaProps {
  return {
    type: "object",
    ...(description ? { description } : {}),
    ...(required.length > 0 ? { required } : {}),
    properties,
    ...extra,
  };
}

export function strMap(description?: string): JSONSchemaProps {
  return { type: "object", ...(description ? { description } : {}), additionalProperties: str() };
}

/** Free-form JSON kept as is (e.g. webhook solver config). */
export function anyJSON(description?: string): JSONSchemaProps {
  return { ...(description ? { description } : {}), "x-kubernetes-preserve-unknown-fields": true };
}

/** A free-form object (types we do not model field by field, e.g. pod affinity). */
export function anyObject(description?: string): JSONSchemaProps {
  return {
    type: "object",
    ...(description ? { description } : {}),
    "x-kubernetes-preserve-unknown-fields": true,
  };
}
