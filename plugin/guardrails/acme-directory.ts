export type AcmeDirectoryClass = "production" | "staging" | "unknown";

// Public CAs' directory URLs, compared without scheme case or trailing slash.
const productionDirectories = [
  "https://acme-v02.api.letsencrypt.org/directory",
  "https://acme.zerossl.com/v2/DV90",
  "https://dv.acme-v02.api.pki.goog/directory",
  "https://acme.ssl.com/sslcom-dv-rsa",
  "https://acme.ssl.com/sslcom-dv-ecc",
  "https://api.buypass.com/acme/directory",
];
const stagingDirectories = [
  "https://acme-staging-v02.api.letsencrypt.org/directory",
  "https://dv.acme-v02.test-api.pki.goog/directory",
  "https://acme-try.ssl.com/sslcom-dv-rsa",
  "https://acme-try.ssl.com/sslcom-dv-ecc",
  "https://api.test4.buypass.no/acme/directory",
];
// Host labels that mark a test CA (Pebble, step-ca "test" instances, "*-staging" hosts).
const testHostWord = /(^|[.-])(staging|stg|test|testing|sandbox|pebble|try)([.-]|$)/i;
const loopbackHost = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

function normalize(url: string): string {
  return url.trim().replace(/\/+$/, "").toLowerCase();
}

/**
 * Says whether an ACME directory URL is a production CA, a staging/test one, or
 * unknown (a private CA: no guardrail fires on it). `extra` comes from certflow.yaml.
 */
export function classifyAcmeServer(
  url: string,
  extra: { production: string[]; staging: string[] } = { production: [], staging: [] },
): AcmeDirectoryClass {
  const u = normalize(url);
  if ([...stagingDirectories, ...extra.staging].some((d) => normalize(d) === u)) return "staging";
  if ([...productionDirectories, ...extra.production].some((d) => normalize(d) === u)) return "production";
  let host: string;
  try {
    host = new URL(url.trim()).hostname;
  } catch {
    return "unknown";
  }
  if (loopbackHost.test(host) || testHostWord.test(host)) return "staging";
  return "unknown";
}
