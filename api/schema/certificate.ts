import {
  arr,
  bool,
  bytes,
  dateTime,
  enumStr,
  int,
  obj,
  str,
  strList,
  strMap,
  type JSONSchemaProps,
} from "./dsl.ts";
import {
  KEY_USAGES,
  OUTPUT_FORMAT_TYPES,
  PKCS12_PROFILES,
  PRIVATE_KEY_ALGORITHMS,
  PRIVATE_KEY_ENCODINGS,
  RENEWAL_POLICIES,
  ROTATION_POLICIES,
  SIGNATURE_ALGORITHMS,
} from "./enums.ts";
import { conditions, issuerRef, secretKeySelector } from "./meta.ts";

export function keyUsages(): JSONSchemaProps {
  return arr(enumStr(KEY_USAGES), "Requested key usages and extended key usages.");
}

function nameConstraintItem(): JSONSchemaProps {
  return obj({
    dnsDomains: strList("DNS domains."),
    emailAddresses: strList("Email addresses."),
    ipRanges: strList("IP ranges in CIDR notation."),
    uriDomains: strList("URI domains."),
  });
}

export function certificateSpec(): JSONSchemaProps {
  return obj(
    {
      additionalOutputFormats: arr(
        obj({ type: enumStr(OUTPUT_FORMAT_TYPES, "Output format type.") }, ["type"]),
        "Extra output formats written to the Secret.",
      ),
      commonName: str("Requested common name (at most 64 bytes)."),
      dnsNames: strList("Requested DNS subject alternative names."),
      duration: str("Requested lifetime as a Go duration; default 2160h (90d), minimum 1h."),
      emailAddresses: strList("Requested email subject alternative names."),
      encodeUsagesInRequest: bool("Whether KU and EKU extensions are encoded in the CSR (default true)."),
      ipAddresses: strList("Requested IP address subject alternative names."),
      isCA: bool("Marks the certificate as a CA certificate."),
      issuerRef: issuerRef(),
      keystores: obj(
        {
          jks: obj(
            {
              alias: str("Alias of the key entry (default certificate)."),
              create: bool("Write keystore.jks to the Secret."),
              password: str("Literal keystore password."),
              passwordSecretRef: secretKeySelector("Secret holding the keystore password."),
            },
            ["create"],
          ),
          pkcs12: obj(
            {
              create: bool("Write keystore.p12 to the Secret."),
              password: str("Literal keystore password."),
              passwordSecretRef: secretKeySelector("Secret holding the keystore password."),
              profile: enumStr(PKCS12_PROFILES, "PKCS#12 encryption profile (default LegacyRC2)."),
            },
            ["create"],
          ),
        },
        [],
        "Additional keystore formats.",
      ),
      literalSubject: str("RFC 4514 subject, order preserved; excludes subject and commonName."),
      nameConstraints: obj(
        { critical: bool(), excluded: nameConstraintItem(), permitted: nameConstraintItem() },
        [],
        "X.509 name constraints (CA certificates only).",
      ),
      otherNames: arr(
        obj({ oid: str("Object identifier."), utf8Value: str("UTF8String value.") }),
        "otherName SANs.",
      ),
      privateKey: obj(
        {
          algorithm: enumStr(PRIVATE_KEY_ALGORITHMS, "Key algorithm (default RSA)."),
          encoding: enumStr(PRIVATE_KEY_ENCODINGS, "Key encoding (default PKCS1)."),
          rotationPolicy: enumStr(ROTATION_POLICIES, "Key rotation policy (default Always)."),
          size: int("Key size: RSA 2048-8192 (default 2048), ECDSA 256/384/521 (default 256)."),
        },
        [],
        "Private key options.",
      ),
      renewBefore: str("How long before expiry to renew, as a Go duration (minimum 5m)."),
      renewBeforePercentage: int("Renew when this percentage of the lifetime is left.", { format: "int32" }),
      renewal: obj(
        {
          policy: enumStr(RENEWAL_POLICIES, "RenewBefore (default) or Disabled."),
          windows: arr(
            obj(
              {
                cron: str("Five-field cron expression of window starts.", { minLength: 1 }),
                timezone: str("IANA time zone (default UTC).", { minLength: 1 }),
                windowDuration: str("Length of each window.", { pattern: "^([0-9]+(\\.[0-9]+)?(s|m|h))+$" }),
              },
              ["cron", "windowDuration"],
            ),
            "Time windows in which renewal may happen.",
          ),
        },
        [],
        "Renewal policy.",
      ),
      revisionHistoryLimit: int("CertificateRequests kept per Certificate (at least 1).", {
        format: "int32",
      }),
      secretName: str("Name of the Secret the certificate is written to."),
      secretTemplate: obj(
        { annotations: strMap(), labels: strMap() },
        [],
        "Labels and annotations copied to the Secret.",
      ),
      signatureAlgorithm: enumStr(SIGNATURE_ALGORITHMS, "Signature algorithm of the CSR."),
      subject: obj(
        {
          countries: strList(),
          localities: strList(),
          organizationalUnits: strList(),
          organizations: strList(),
          postalCodes: strList(),
          provinces: strList(),
          serialNumber: str(),
          streetAddresses: strList(),
        },
        [],
        "X.509 subject fields (the common name is set separately).",
      ),
      uris: strList("Requested URI subject alternative names."),
      usages: keyUsages(),
    },
    ["issuerRef", "secretName"],
    "Desired state of the Certificate.",
  );
}

export function certificateStatus(): JSONSchemaProps {
  return obj(
    {
      acme: obj({
        ari: obj({
          explanationURL: str(),
          lastChecked: dateTime(),
          lastError: str(),
          nextCheck: dateTime(),
          suggestedWindow: obj({ end: dateTime(), start: dateTime() }, ["end", "start"]),
        }),
      }),
      conditions: conditions(true),
      failedIssuanceAttempts: int(),
      lastFailureTime: dateTime(),
      nextPrivateKeySecretName: str(),
      notAfter: dateTime(),
      notBefore: dateTime(),
      renewalTime: dateTime(),
      revision: int(),
    },
    [],
    "Observed state of the Certificate.",
  );
}

export function certificateRequestSpec(): JSONSchemaProps {
  return obj(
    {
      duration: str("Requested lifetime as a Go duration."),
      extra: {
        type: "object",
        additionalProperties: arr(str()),
        description: "Extra identity of the requester.",
      },
      groups: arr(str(), "Groups of the requester."),
      isCA: bool("Requests a CA certificate."),
      issuerRef: issuerRef(),
      request: bytes("PEM-encoded PKCS#10 request (base64 in JSON/YAML)."),
      uid: str("UID of the requester."),
      usages: keyUsages(),
      username: str("Name of the requester."),
    },
    ["issuerRef", "request"],
    "Desired state of the CertificateRequest.",
  );
}

export function certificateRequestStatus(): JSONSchemaProps {
  return obj(
    {
      ca: bytes("PEM CA certificate, best effort."),
      certificate: bytes("PEM certificate chain."),
      conditions: conditions(false),
      failureTime: dateTime(),
    },
    [],
    "Observed state of the CertificateRequest.",
  );
}
