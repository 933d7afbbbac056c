import { isIP } from "node:net";

/** Go net.ParseIP: dotted IPv4 or IPv6 without zone. */
export function isGoIP(s: string): boolean {
  if (s.includes("%")) return false;
  return isIP(s) !== 0;
}

/** Go net.ParseCIDR. */
export function isCIDR(s: string): boolean {
  const slash = s.indexOf("/");
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(bits)) return false;
  const v = isGoIP(ip) ? isIP(ip) : 0;
  if (v === 0) return false;
  return Number(bits) <= (v === 4 ? 32 : 128);
}

/** cert-manager's util.ValidNameserver: host[:port], IPv6 in brackets, port optional (default 53). */
export function isValidNameserver(ns: string): boolean {
  let host = ns;
  let port = "53";
  if (ns.startsWith("[")) {
    const end = ns.indexOf("]");
    if (end < 0) return false;
    host = ns.slice(1, end);
    const rest = ns.slice(end + 1);
    if (rest !== "") {
      if (!rest.startsWith(":")) return false;
      port = rest.slice(1);
    }
    if (isIP(host) !== 6) return false;
  } else {
    const parts = ns.split(":");
    if (parts.length > 2) return false;
    host = parts[0] ?? "";
    if (parts.length === 2) port = parts[1] ?? "";
  }
  if (host === "") return false;
  if (!/^[0-9]+$/.test(port) || Number(port) > 65535) return false;
  return true;
}

/** Object identifier in dotted form with at least two arcs. */
export function isOID(s: string): boolean {
  return /^[0-9]+(\.[0-9]+)+$/.test(s);
}
