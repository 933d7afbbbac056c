/**
 * RFC 4514 distinguished names as cert-manager's literalSubject reads them (go-ldap ParseDN, then
 * attribute names mapped to OIDs). Only what validation needs: the attributes, their values and
 * whether each type is recognised.
 */

export interface DNAttribute {
  type: string;
  value: string;
  /** Known short name or dotted OID. */
  recognised: boolean;
}

const KNOWN = new Set([
  "CN",
  "C",
  "O",
  "OU",
  "L",
  "ST",
  "STREET",
  "POSTALCODE",
  "SERIALNUMBER",
  "DC",
  "UID",
  "EMAILADDRESS",
  "E",
]);

export function parseDN(dn: string): { ok: true; rdns: DNAttribute[][] } | { ok: false; error: string } {
  const rdns: DNAttribute[][] = [];
  let rdn: DNAttribute[] = [];
  let i = 0;
  const n = dn.length;
  if (dn.trim() === "") return { ok: true, rdns };
  while (i <= n) {
    // attribute type
    const eq = dn.indexOf("=", i);
    if (eq < 0) return { ok: false, error: "DN ended with incomplete type, value pair" };
    const type = dn.slice(i, eq).trim();
    if (type === "" || !/^([A-Za-z][A-Za-z0-9-]*|[0-9]+(\.[0-9]+)*)$/.test(type)) {
      return { ok: false, error: `incomplete type, value pair` };
    }
    i = eq + 1;
    let value = "";
    let end = i;
    if (dn[i] === "#") {
      const m = /^#([0-9A-Fa-f]{2})+/.exec(dn.slice(i));
      if (!m) return { ok: false, error: "failed to decode BER encoding: invalid hex" };
      value = m[0];
      end = i + m[0].length;
    } else {
      while (end < n) {
        const c = dn[end];
        if (c === "\\") {
          const next = dn.slice(end + 1, end + 3);
          if (/^[0-9A-Fa-f]{2}$/.test(next)) {
            value += String.fromCharCode(parseInt(next, 16));
            end += 3;
          } else if (end + 1 < n) {
            value += dn[end + 1];
            end += 2;
          } else return { ok: false, error: "got corrupted escaped character" };
          continue;
        }
        if (c === "," || c === "+" || c === ";") break;
        value += c;
        end++;
      }
      value = value.trim();
    }
    rdn.push({ type, value, recognised: KNOWN.has(type.toUpperCase()) || /^[0-9]+(\.[0-9]+)+$/.test(type) });
    const sep = dn[end];
    if (sep === "+") {
      i = end + 1;
      continue;
    }
    rdns.push(rdn);
    rdn = [];
    if (sep === undefined) break;
    i = end + 1;
    if (i >= n) return { ok: false, error: "DN ended with incomplete type, value pair" };
  }
  return { ok: true, rdns };
}
