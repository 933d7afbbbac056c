/** Key usage names → x509 bits / EKU OIDs, as cert-manager's pkg/api/util/usages.go maps them. */

export const KEY_USAGE_BITS: Record<string, number> = {
  signing: 1 << 0,
  "digital signature": 1 << 0,
  "content commitment": 1 << 1,
  "key encipherment": 1 << 2,
  "data encipherment": 1 << 3,
  "key agreement": 1 << 4,
  "cert sign": 1 << 5,
  "crl sign": 1 << 6,
  "encipher only": 1 << 7,
  "decipher only": 1 << 8,
};

/** Canonical name per bit, in bit order (Go's KeyUsageStrings). */
export const KEY_USAGE_NAMES: string[] = [
  "digital signature",
  "content commitment",
  "key encipherment",
  "data encipherment",
  "key agreement",
  "cert sign",
  "crl sign",
  "encipher only",
  "decipher only",
];

export const EXT_KEY_USAGE_OIDS: Record<string, string> = {
  any: "2.5.29.37.0",
  "server auth": "1.3.6.1.5.5.7.3.1",
  "client auth": "1.3.6.1.5.5.7.3.2",
  "code signing": "1.3.6.1.5.5.7.3.3",
  "email protection": "1.3.6.1.5.5.7.3.4",
  "s/mime": "1.3.6.1.5.5.7.3.4",
  "ipsec end system": "1.3.6.1.5.5.7.3.5",
  "ipsec tunnel": "1.3.6.1.5.5.7.3.6",
  "ipsec user": "1.3.6.1.5.5.7.3.7",
  timestamping: "1.3.6.1.5.5.7.3.8",
  "ocsp signing": "1.3.6.1.5.5.7.3.9",
  "microsoft sgc": "1.3.6.1.4.1.311.10.3.3",
  "netscape sgc": "2.16.840.1.113730.4.1",
};

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
