import { arr, dateTime, enumStr, int, obj, str, type JSONSchemaProps } from "./dsl.ts";

export function issuerRef(): JSONSchemaProps {
  return obj(
    {
      group: str("Group of the issuer; empty means cert-manager.io."),
      kind: str("Kind of the issuer; empty means Issuer."),
      name: str("Name of the issuer."),
    },
    ["name"],
    "Reference to the issuer of this resource.",
  );
}

export function secretKeySelector(description?: string): JSONSchemaProps {
  return obj(
    {
      key: str("Key of the entry in the Secret's data; some fields have a default."),
      name: str("Name of the Secret."),
    },
    ["name"],
    description,
  );
}

export function localObjectReference(description?: string): JSONSchemaProps {
  return obj({ name: str("Name of the resource.") }, ["name"], description);
}

export function serviceAccountRef(description?: string): JSONSchemaProps {
  return obj(
    { name: str("Name of the ServiceAccount."), audiences: arr(str(), "Token audiences.") },
    ["name"],
    description,
  );
}

export function conditions(withObservedGeneration: boolean): JSONSchemaProps {
  const props: Record<string, JSONSchemaProps> = {
    lastTransitionTime: dateTime(),
    message: str(),
    reason: str(),
    status: enumStr(["True", "False", "Unknown"]),
    type: str(),
  };
  if (withObservedGeneration) props["observedGeneration"] = int(undefined, { format: "int64" });
  return arr(obj(props, ["status", "type"]), "List of status conditions.", {
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": ["type"],
  });
}

export function objectMetaTemplate(): JSONSchemaProps {
  return obj({
    annotations: { type: "object", additionalProperties: str() },
    labels: { type: "object", additionalProperties: str() },
  });
}
