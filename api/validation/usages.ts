/** Key usage names → x509 bits / EKU OIDs, as cert-manager's pkg/api/util/usages.go maps them. */
import {
  EXT_KEY_USAGE_OIDS,
  KEY_USAGE_BITS as KEY_USAGE_POSITIONS,
  KEY_USAGE_NAMES,
} from "../../lib/pki/oids.ts";

/** Key usage masks (1 << bit) by name; the names and bits are lib/pki's, shared with certificate building. */
export const KEY_USAGE_BITS: Record<string, number> = Object.fromEntries(
  Object.entries(KEY_USAGE_POSITIONS).map(([name, bit]) => [name, 1 << bit]),
);

export { EXT_KEY_USAGE_OIDS, KEY_USAGE_NAMES };

const EKU_NAME_BY_OID: Record<string, string> = {
  "2.5.29.37.0": "any",
  "1.3.6.1.5.5.7.3.1": "server auth",
  "1.3.6.1.5.5.7.3.2": "client auth",
  "1.3.6.1.5.5.7.3.3": "code signing",
  "1.3.6.1.5.5.7.3.4": "email protection",
  "1.3.6.1.5.5.7.3.5": "ipsec end system",
  "1.3.6.1.5.5.7.3.6": "ipsec tunnel",
  "1.3.6.1.5.5.7.3.7": "ipsec user",
  "1.3.6.1.5.5.7.3.8": "timestamping",
  "1.3.6.1.5.5.7.3.9": "ocsp signing",
  "1.3.6.1.4.1.311.10.3.3": "microsoft sgc",
  "2.16.840.1.113730.4.1": "netscape sgc",
};

export function isKnownUsage(u: string): boolean {
  return u in KEY_USAGE_BITS || u in EXT_KEY_USAGE_OIDS;
}

export function keyUsageNames(bits: number): string[] {
  return KEY_USAGE_NAMES.filter((_, i) => bits & (1 << i));
}

export function extKeyUsageName(oid: string): string {
  return EKU_NAME_BY_OID[oid] ?? oid;
}
