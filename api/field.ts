/**
 * Field errors rendered exactly like Kubernetes' apimachinery `field.Error`, because cert-manager's
 * webhook returns that text and users (and tests) compare against it.
 */
import { goQuote } from "./util/goquote.ts";

export type FieldErrorType =
  | "Required value"
  | "Invalid value"
  | "Unsupported value"
  | "Forbidden"
  | "Duplicate value"
  | "Too long"
  | "Not found"
  | "Internal error"
  /** Strict field validation of the API server (not a webhook error type). */
  | "Unknown field";

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path with [i] indexes, e.g. `spec.dnsNames[0]`. */
  field: string;
  /** Already rendered value as Go's fmt would print it (absent when the type omits the value). */
  value?: string;
  detail: string;
}

/** A value Go would print with `%v`/`%q`. Strings are quoted, numbers/bools as is. */
export type GoValue = string | number | boolean | null | { goString: string };

export function goValue(v: GoValue): string {
  if (v === null) return "null";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "object") return v.goString;
  return String(v);
}

export function required(field: string, detail = ""): FieldError {
  return { type: "Required value", field, detail };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: "Forbidden", field, detail };
}

export function invalid(field: string, value: GoValue, detail: string): FieldError {
  return { type: "Invalid value", field, value: goValue(value), detail };
}

export function notSupported(field: string, value: GoValue, supported: readonly string[]): FieldError {
  const detail =
    supported.length > 0 ? `supported values: ${supported.map((s) => goQuote(s)).join(", ")}` : "";
  return { type: "Unsupported value", field, value: goValue(value), detail };
}

export function duplicate(field: string, value: GoValue): FieldError {
  return { type: "Duplicate value", field, value: goValue(value), detail: "" };
}

export function unknownField(field: string): FieldError {
  return { type: "Unknown field", field, detail: "" };
}

export function tooLong(field: string, maxLength: number): FieldError {
  return { type: "Too long", field, detail: `may not be more than ${maxLength} bytes` };
}

/** The part after `field: ` in `field.Error.Error()`. */
export function errorBody(e: FieldError): string {
  if (e.type === "Unknown field") return `unknown field ${JSON.stringify(e.field)}`;
  let s: string = e.type;
  if (e.value !== undefined) s += `: ${e.value}`;
  if (e.detail.length > 0) s += `: ${e.detail}`;
  return s;
}

/** Full apimachinery rendering: `spec.secretName: Required value: must be specified`. */
export function renderFieldError(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

/** Path helpers that mirror field.Path.Child / Index / Key. */
export function child(path: string, ...names: string[]): string {
  let p = path;
  for (const n of names) p = p === "" ? n : `${p}.${n}`;
  return p;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}
