import { children, directoryString, oid, readOid, readString, seq, setOf, type Node } from "./der.ts";
import { OID } from "./oids.ts";
import { parseDN } from "./rfc4514.ts";

/** An X.509 subject as cert-manager's Certificate spec describes it. */
export interface SubjectFields {
  commonName?: string;
  countries?: string[];
  provinces?: string[];
  localities?: string[];
  streetAddresses?: string[];
  postalCodes?: string[];
  organizations?: string[];
  organizationalUnits?: string[];
  serialNumber?: string;
}

function rdn(type: string, values: string[] | undefined): Buffer[] {
  if (!values || values.length === 0) return [];
  // Go's pkix.Name puts all values of one attribute type in a single RDN set.
  return [setOf(...values.map((v) => seq(oid(type), directoryString(v))))];
}

/** Encodes a Name in the order Go's pkix.Name.ToRDNSequence uses, so our DNs match cert-manager's. */
export function encodeName(s: SubjectFields): Buffer {
  return seq(
    ...rdn(OID.country, s.countries),
    ...rdn(OID.province, s.provinces),
    ...rdn(OID.locality, s.localities),
    ...rdn(OID.streetAddress, s.streetAddresses),
    ...rdn(OID.postalCode, s.postalCodes),
    ...rdn(OID.organization, s.organizations),
    ...rdn(OID.organizationalUnit, s.organizationalUnits),
    ...rdn(OID.commonName, s.commonName ? [s.commonName] : undefined),
    ...rdn(OID.serialNumber, s.serialNumber ? [s.serialNumber] : undefined),
  );
}

/**
 * Encodes an RFC 4514 string (`spec.literalSubject`) keeping its order, parsed exactly as the
 * webhook and cert-manager parse it (go-ldap's ParseDN, cert-manager's attribute names). RFC 4514
 * lists the most specific RDN first, the DER sequence the other way round. Returns an error
 * message for malformed input.
 */
export function encodeLiteralName(dn: string): Buffer | string {
  const parsed = parseDN(dn);
  if (!parsed.ok) return parsed.error;
  const sets: Buffer[] = [];
  for (const rdn of [...parsed.rdns].reverse()) {
    const atvs: Buffer[] = [];
    for (const a of rdn) {
      if (!a.oid) return `unknown attribute type "${a.type}"`;
      atvs.push(seq(oid(a.oid), directoryString(a.value)));
    }
    sets.push(setOf(...atvs));
  }
  return seq(...sets);
}

/** Reads a Name into cert-manager's subject fields (unknown attributes are ignored). */
export function decodeName(node: Node): SubjectFields {
  const out: Required<Omit<SubjectFields, "commonName" | "serialNumber">> & SubjectFields = {
    countries: [],
    provinces: [],
    localities: [],
    streetAddresses: [],
    postalCodes: [],
    organizations: [],
    organizationalUnits: [],
  };
  for (const set of children(node)) {
    for (const atv of children(set)) {
      const [t, v] = children(atv);
      if (!t || !v) continue;
      const value = readString(v);
      switch (readOid(t)) {
        case OID.commonName:
          out.commonName = value;
          break;
        case OID.serialNumber:
          out.serialNumber = value;
          break;
        case OID.country:
          out.countries.push(value);
          break;
        case OID.province:
          out.provinces.push(value);
          break;
        case OID.locality:
          out.localities.push(value);
          break;
        case OID.streetAddress:
          out.streetAddresses.push(value);
          break;
        case OID.postalCode:
          out.postalCodes.push(value);
          break;
        case OID.organization:
          out.organizations.push(value);
          break;
        case OID.organizationalUnit:
          out.organizationalUnits.push(value);
          break;
      }
    }
  }
  return out;
}
