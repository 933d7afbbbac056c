import { children, directoryString, oid, readOid, readString, seq, setOf, type Node } from "./der.ts";
import { OID } from "./oids.ts";

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

const SHORT: Record<string, string> = {
  CN: OID.commonName,
  C: OID.country,
  L: OID.locality,
  ST: OID.province,
  STREET: OID.streetAddress,
  O: OID.organization,
  OU: OID.organizationalUnit,
  POSTALCODE: OID.postalCode,
  SERIALNUMBER: OID.serialNumber,
  EMAILADDRESS: OID.emailAddress,
};

/**
 * Encodes an RFC 4514 string (`spec.literalSubject`) keeping its order. RFC 4514 lists the
 * most specific RDN first, the DER sequence the other way round. Returns an error message for
 * malformed input.
 */
export function encodeLiteralName(dn: string): Buffer | string {
  const rdns: string[][] = [[]];
  let cur = "";
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i];
    if (c === "\\" && i + 1 < dn.length) {
      cur += dn[i + 1];
      i++;
    } else if (c === "," || c === "+") {
      rdns[rdns.length - 1]?.push(cur);
      cur = "";
      if (c === ",") rdns.push([]);
    } else cur += c;
  }
  rdns[rdns.length - 1]?.push(cur);
  const sets: Buffer[] = [];
  for (const group of rdns.reverse()) {
    const atvs: Buffer[] = [];
    for (const atv of group) {
      const eq = atv.indexOf("=");
      if (eq <= 0) return `invalid RDN "${atv}"`;
      const key = atv.slice(0, eq).trim();
      const type = SHORT[key.toUpperCase()] ?? (/^\d+(\.\d+)+$/.test(key) ? key : undefined);
      if (!type) return `unknown attribute type "${key}"`;
      atvs.push(seq(oid(type), directoryString(atv.slice(eq + 1).trim())));
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
