import { child, forbidden, index, invalid, notSupported, required, type FieldError } from "../field.ts";
import type { ACMEChallengeSolverDNS01 } from "../types.ts";
import { isValidNameserver } from "../util/net.ts";
import { validateSecretKeySelector } from "./issuer.ts";

const TSIG = ["HMACMD5", "HMACSHA1", "HMACSHA256", "HMACSHA512"];
const MORE_THAN_ONE = "may not specify more than one provider type";

function validNameserverEntry(ns: string): string | null {
  if (ns.startsWith("https://")) {
    try {
      const u = new URL(ns);
      return u.hostname !== "" ? null : "must be in the format https://<DoH RFC 8484 server address>";
    } catch {
      return "must be in the format https://<DoH RFC 8484 server address>";
    }
  }
  const m = /^(\[[^\]]+\]|[^:]+):([0-9]+)$/.exec(ns);
  return m && isValidNameserver(ns) ? null : "must be in the format <ip address>:<port>";
}

/** Webhook rules for a DNS-01 solver (inventory §2.6), including the akamai/acmeDNS counting quirk. */
export function validateDNS01(d: ACMEChallengeSolverDNS01, p: string): FieldError[] {
  const el: FieldError[] = [];
  const cs = d.cnameStrategy ?? "";
  if (cs !== "" && cs !== "None" && cs !== "Follow")
    el.push(invalid(child(p, "cnameStrategy"), cs, 'must be one of "None" or "Follow"'));
  (d.nameservers ?? []).forEach((ns, i) => {
    const err = validNameserverEntry(ns);
    if (err) el.push(invalid(index(child(p, "nameservers"), i), ns, err));
  });
  let n = 0;
  // A provider that is counted but, like upstream, never itself rejected as "more than one".
  const counted = (run: () => void): void => {
    n++;
    run();
  };
  const exclusive = (name: string, run: () => void): void => {
    if (n > 0) el.push(forbidden(child(p, name), MORE_THAN_ONE));
    else {
      n++;
      run();
    }
  };
  const sks = validateSecretKeySelector;
  if (d.akamai) {
    const a = d.akamai;
    counted(() => {
      el.push(...sks(a.accessTokenSecretRef, child(p, "akamai", "accessToken")));
      el.push(...sks(a.clientSecretSecretRef, child(p, "akamai", "clientSecret")));
      el.push(...sks(a.clientTokenSecretRef, child(p, "akamai", "clientToken")));
      if ((a.serviceConsumerDomain ?? "") === "")
        el.push(required(child(p, "akamai", "serviceConsumerDomain")));
    });
  }
  if (d.azureDNS) {
    const z = d.azureDNS;
    const zp = child(p, "azureDNS");
    exclusive("azureDNS", () => {
      if ((z.clientID ?? "") !== "" || (z.tenantID ?? "") !== "" || z.clientSecretSecretRef) {
        if ((z.clientID ?? "") === "") el.push(required(child(zp, "clientID")));
        if (!z.clientSecretSecretRef) el.push(required(child(zp, "clientSecretSecretRef")));
        else el.push(...sks(z.clientSecretSecretRef, child(zp, "clientSecretSecretRef")));
        if ((z.tenantID ?? "") === "") el.push(required(child(zp, "tenantID")));
        if (z.managedIdentity) {
          el.push(
            forbidden(
              child(zp, "managedIdentity"),
              "managed identity cannot be used at the same time as clientID, clientSecretSecretRef or tenantID",
            ),
          );
        }
      } else if (z.managedIdentity) {
        const mi = z.managedIdentity;
        const mp = child(zp, "managedIdentity");
        if (mi.clientID && mi.resourceID)
          el.push(
            forbidden(mp, "managedIdentityClientID and managedIdentityResourceID cannot both be specified"),
          );
        if (mi.tenantID && mi.resourceID)
          el.push(
            forbidden(mp, "managedIdentityTenantID and managedIdentityResourceID cannot both be specified"),
          );
        if (mi.tenantID && !mi.clientID)
          el.push(required(mp, "managedIdentityClientID is required when using managedIdentityTenantID"));
      }
      if ((z.subscriptionID ?? "") === "") el.push(required(child(zp, "subscriptionID")));
      if ((z.resourceGroupName ?? "") === "") el.push(required(child(zp, "resourceGroupName")));
      const env = z.environment ?? "";
      if (
        env !== "" &&
        !["AzurePublicCloud", "AzureChinaCloud", "AzureGermanCloud", "AzureUSGovernmentCloud"].includes(env)
      ) {
        el.push(
          invalid(
            child(zp, "environment"),
            env,
            "must be either empty or one of AzurePublicCloud, AzureChinaCloud, AzureGermanCloud, or AzureUSGovernmentCloud",
          ),
        );
      }
    });
  }
  if (d.cloudDNS) {
    const c = d.cloudDNS;
    exclusive("cloudDNS", () => {
      if (c.serviceAccountSecretRef)
        el.push(...sks(c.serviceAccountSecretRef, child(p, "cloudDNS", "serviceAccountSecretRef")));
      if ((c.project ?? "") === "") el.push(required(child(p, "cloudDNS", "project")));
    });
  }
  if (d.cloudflare) {
    const c = d.cloudflare;
    const cp = child(p, "cloudflare");
    exclusive("cloudflare", () => {
      if (c.apiKeySecretRef) el.push(...sks(c.apiKeySecretRef, child(cp, "apiKeySecretRef")));
      if (c.apiTokenSecretRef) el.push(...sks(c.apiTokenSecretRef, child(cp, "apiTokenSecretRef")));
      if (c.apiKeySecretRef && c.apiTokenSecretRef)
        el.push(forbidden(cp, "apiKeySecretRef and apiTokenSecretRef cannot both be specified"));
      if (!c.apiKeySecretRef && !c.apiTokenSecretRef)
        el.push(required(cp, "apiKeySecretRef or apiTokenSecretRef is required"));
      if ((c.email ?? "") === "" && c.apiKeySecretRef) el.push(required(child(cp, "email")));
    });
  }
  if (d.route53) {
    const r = d.route53;
    exclusive("route53", () => {
      // sic: upstream reports this mutual exclusion as "Required"
      if ((r.accessKeyID ?? "") !== "" && r.accessKeyIDSecretRef) {
        el.push(
          required(child(p, "route53"), "accessKeyID and accessKeyIDSecretRef cannot both be specified"),
        );
      }
      if (r.accessKeyIDSecretRef)
        el.push(...sks(r.accessKeyIDSecretRef, child(p, "route53", "accessKeyIDSecretRef")));
    });
  }
  if (d.acmeDNS) {
    const a = d.acmeDNS;
    counted(() => {
      el.push(...sks(a.accountSecretRef, child(p, "acmeDNS", "accountSecretRef")));
      if ((a.host ?? "") === "") el.push(required(child(p, "acmeDNS", "host")));
    });
  }
  if (d.digitalocean) {
    const o = d.digitalocean;
    exclusive("digitalocean", () =>
      el.push(...sks(o.tokenSecretRef, child(p, "digitalocean", "tokenSecretRef"))),
    );
  }
  if (d.rfc2136) {
    const r = d.rfc2136;
    const rp = child(p, "rfc2136");
    exclusive("rfc2136", () => {
      if ((r.nameserver ?? "") === "") el.push(required(child(rp, "nameserver")));
      else if (!isValidNameserver(r.nameserver)) {
        el.push(
          invalid(
            child(rp, "nameserver"),
            r.nameserver,
            "nameserver must be set in the form host:port where host is an IPv4 address, an enclosed IPv6 address or a hostname and port is an optional port number.",
          ),
        );
      }
      const alg = r.tsigAlgorithm ?? "";
      if (alg !== "" && !TSIG.includes(alg.toUpperCase()))
        el.push(notSupported(child(rp, "tsigAlgorithm"), "", TSIG));
      const tsigPath = child(rp, "tsigSecretSecretRef");
      if ((r.tsigKeyName ?? "") !== "") el.push(...sks(r.tsigSecretSecretRef, tsigPath));
      if (sks(r.tsigSecretSecretRef, tsigPath).length === 0 && (r.tsigKeyName ?? "") === "") {
        el.push(required(child(rp, "tsigKeyName")));
      }
    });
  }
  if (d.webhook) {
    const w = d.webhook;
    exclusive("webhook", () => {
      if ((w.solverName ?? "") === "")
        el.push(required(child(p, "webhook", "solverName"), "solver name must be specified"));
    });
  }
  if (n === 0) el.push(required(p, "no DNS01 provider configured"));
  return el;
}
