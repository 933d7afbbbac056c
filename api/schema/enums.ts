/** Enum values shared by schemas and validators. */

export const KEY_USAGES = [
  "signing",
  "digital signature",
  "content commitment",
  "key encipherment",
  "key agreement",
  "data encipherment",
  "cert sign",
  "crl sign",
  "encipher only",
  "decipher only",
  "any",
  "server auth",
  "client auth",
  "code signing",
  "email protection",
  "s/mime",
  "ipsec end system",
  "ipsec tunnel",
  "ipsec user",
  "timestamping",
  "ocsp signing",
  "microsoft sgc",
  "netscape sgc",
];

export const PRIVATE_KEY_ALGORITHMS = ["RSA", "ECDSA", "Ed25519"];
export const PRIVATE_KEY_ENCODINGS = ["PKCS1", "PKCS8"];
export const ROTATION_POLICIES = ["Never", "Always"];
export const SIGNATURE_ALGORITHMS = [
  "SHA256WithRSA",
  "SHA384WithRSA",
  "SHA512WithRSA",
  "ECDSAWithSHA256",
  "ECDSAWithSHA384",
  "ECDSAWithSHA512",
  "PureEd25519",
];
export const OUTPUT_FORMAT_TYPES = ["DER", "CombinedPEM"];
export const PKCS12_PROFILES = ["LegacyRC2", "LegacyDES", "Modern2023", "Modern2026"];
export const RENEWAL_POLICIES = ["RenewBefore", "Disabled"];
export const CNAME_STRATEGIES = ["None", "Follow"];
export const AZURE_ENVIRONMENTS = [
  "AzurePublicCloud",
  "AzureChinaCloud",
  "AzureGermanCloud",
  "AzureUSGovernmentCloud",
];
export const AZURE_ZONE_TYPES = ["AzurePublicZone", "AzurePrivateZone"];
export const RFC2136_PROTOCOLS = ["TCP", "UDP"];
export const EAB_KEY_ALGORITHMS = ["HS256", "HS384", "HS512"];
export const RENEWAL_INFORMATION_SOURCES = ["ARI", "None"];
export const ORDER_STATES = ["valid", "ready", "pending", "processing", "invalid", "expired", "errored"];
export const CHALLENGE_TYPES = ["HTTP-01", "DNS-01"];
export const TSIG_ALGORITHMS = ["HMACMD5", "HMACSHA1", "HMACSHA256", "HMACSHA512"];
