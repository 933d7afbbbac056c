import { invalid, tooLong, type FieldError } from "../field.ts";
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from "../util/names.ts";

/** apimachinery ValidateLabels. */
export function validateLabels(labels: Record<string, string>, path: string): FieldError[] {
  const el: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const m of isQualifiedName(k)) el.push(invalid(path, k, m));
    for (const m of isValidLabelValue(String(v))) el.push(invalid(path, String(v), m));
  }
  return el;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** apimachinery ValidateAnnotations. */
export function validateAnnotations(annotations: Record<string, string>, path: string): FieldError[] {
  const el: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) el.push(invalid(path, k, m));
    total += k.length + String(v).length;
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) el.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return el;
}

/** The API server's check of metadata.name for custom resources. */
export function validateObjectName(name: unknown, generateName: unknown): FieldError[] {
  if (typeof name !== "string" || name === "") {
    if (typeof generateName === "string" && generateName !== "") return [];
    return [{ type: "Required value", field: "metadata.name", detail: "name or generateName is required" }];
  }
  return isDNS1123Subdomain(name).map((m) => invalid("metadata.name", name, m));
}
