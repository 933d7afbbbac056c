import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { validateObject } from "./validate-object.ts";

function issuer(spec: Record<string, unknown>, kind = "Issuer"): Record<string, unknown> {
  return {
    apiVersion: "cert-manager.io/v1",
    kind,
    metadata: { name: "i", namespace: kind === "Issuer" ? "ns" : undefined },
    spec,
  };
}
const ACME = { server: "https://acme.example/directory", privateKeySecretRef: { name: "acct" } };
const acme = (extra: Record<string, unknown>): Record<string, unknown> => ({ acme: { ...ACME, ...extra } });
const dns01 = (provider: Record<string, unknown>): Record<string, unknown> =>
  acme({ solvers: [{ dns01: provider }] });
const SK = { name: "s", key: "k" };
const PEM_GARBAGE = Buffer.from("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").toString(
  "base64",
);

const cases: [string, Record<string, unknown>, string[]][] = [
  // general
  ["no issuer type", {}, ["spec: Required value: at least one issuer must be configured"]],
  [
    "two issuer types",
    { ca: { secretName: "ca" }, selfSigned: {} },
    ["spec.selfSigned: Forbidden: may not specify more than one issuer type"],
  ],
  ["selfSigned has no rules", { selfSigned: { crlDistributionPoints: ["http://crl"] } }, []],
  // ACME
  [
    "the seed's letsencrypt-prod",
    acme({ email: "ops@example.com", solvers: [{ http01: { ingress: { class: "nginx" } } }] }),
    [],
  ],
  [
    "caBundle and skipTLSVerify",
    acme({ caBundle: PEM_GARBAGE, skipTLSVerify: true }),
    [
      'spec.acme.caBundle: Invalid value: "": caBundle and skipTLSVerify are mutually exclusive and cannot both be set',
      "spec.acme.skipTLSVerify: Invalid value: true: caBundle and skipTLSVerify are mutually exclusive and cannot both be set",
      'spec.acme.caBundle: Invalid value: "": cert bundle didn\'t contain any valid certificates',
    ],
  ],
  [
    "privateKeySecretRef.name empty",
    { acme: { ...ACME, privateKeySecretRef: { name: "" } } },
    ["spec.acme.privateKeySecretRef.name: Required value: private key secret name is a required field"],
  ],
  [
    "server empty",
    { acme: { ...ACME, server: "" } },
    ["spec.acme.server: Required value: acme server URL is a required field"],
  ],
  [
    "EAB without keyID and key",
    acme({ externalAccountBinding: { keyID: "", keySecretRef: { name: "" } } }),
    [
      "spec.acme.externalAccountBinding.keyID: Required value: the keyID field is required when using externalAccountBinding",
      "spec.acme.externalAccountBinding.keySecretRef.name: Required value: secret name is required",
      "spec.acme.externalAccountBinding.keySecretRef.key: Required value: secret key is required",
    ],
  ],
  [
    "EAB keyAlgorithm is a warning",
    acme({ externalAccountBinding: { keyID: "id", keySecretRef: SK, keyAlgorithm: "HS256" } }),
    [
      "warning: ACME issuer spec field 'externalAccount.keyAlgorithm' is deprecated. The value of this field will be ignored.",
    ],
  ],
  [
    "preferredChain longer than 64 (CRD)",
    acme({ preferredChain: "x".repeat(65) }),
    ["spec.acme.preferredChain: Too long: may not be more than 64 bytes"],
  ],
  // solvers
  [
    "a solver with no type",
    acme({ solvers: [{}] }),
    ["spec.acme.solvers[0]: Required value: no solver type configured"],
  ],
  [
    "a solver with two types",
    acme({ solvers: [{ http01: { ingress: {} }, dns01: { route53: {} } }] }),
    ["spec.acme.solvers[0]: Forbidden: may not specify more than one solver type in a single solver"],
  ],
  [
    "negative waitInsteadOfSelfCheck",
    acme({ solvers: [{ http01: { ingress: {} }, waitInsteadOfSelfCheck: "-1m" }] }),
    [
      "spec.acme.solvers[0].waitInsteadOfSelfCheck: Invalid value: -1m0s: waitInsteadOfSelfCheck must not be negative",
    ],
  ],
  [
    "http01 with no type",
    acme({ solvers: [{ http01: {} }] }),
    ["spec.acme.solvers[0].http01: Required value: no HTTP01 solver type configured"],
  ],
  [
    "http01 with two types",
    acme({ solvers: [{ http01: { ingress: {}, gatewayHTTPRoute: {} } }] }),
    ["spec.acme.solvers[0].http01: Required value: only 1 HTTP01 solver type may be configured"],
  ],
  [
    "ingress with class and name",
    acme({ solvers: [{ http01: { ingress: { class: "nginx", name: "web" } } }] }),
    [
      "spec.acme.solvers[0].http01.ingress: Forbidden: only one of 'ingressClassName', 'name' or 'class' should be specified",
    ],
  ],
  [
    "ingressClassName not a DNS subdomain",
    acme({ solvers: [{ http01: { ingress: { ingressClassName: "azure/application-gateway" } } }] }),
    [
      "spec.acme.solvers[0].http01.ingress.ingressClassName: Invalid value: \"azure/application-gateway\": must be a valid IngressClass name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  ],
  [
    "ingress serviceType",
    acme({ solvers: [{ http01: { ingress: { serviceType: "LoadBalancer" } } }] }),
    [
      'spec.acme.solvers[0].http01.ingress.serviceType: Invalid value: "LoadBalancer": must be empty, "ClusterIP" or "NodePort"',
    ],
  ],
  [
    "gateway parentRef with kind but no name (CRD requires name)",
    acme({ solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ kind: "Gateway" }] } } }] }),
    ["spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs[0].name: Required value"],
  ],
  [
    "gateway serviceType is reported under .gateway (sic)",
    acme({
      solvers: [
        { http01: { gatewayHTTPRoute: { serviceType: "X", parentRefs: [{ name: "gw", kind: "Gateway" }] } } },
      ],
    }),
    [
      'spec.acme.solvers[0].http01.gateway.serviceType: Invalid value: "X": must be empty, "ClusterIP" or "NodePort"',
    ],
  ],
  // dns01
  [
    "dns01 with no provider",
    dns01({}),
    ["spec.acme.solvers[0].dns01: Required value: no DNS01 provider configured"],
  ],
  [
    "the seed's route53 solver (ambient credentials)",
    dns01({ route53: { region: "us-east-1", hostedZoneID: "Z0123456789" } }),
    [],
  ],
  [
    "two providers: the later one in upstream's order is rejected",
    dns01({ route53: {}, cloudflare: { apiTokenSecretRef: SK } }),
    ["spec.acme.solvers[0].dns01.route53: Forbidden: may not specify more than one provider type"],
  ],
  [
    "quirk: akamai as the second provider is not flagged",
    dns01({
      route53: {},
      akamai: {
        serviceConsumerDomain: "d",
        clientTokenSecretRef: SK,
        clientSecretSecretRef: SK,
        accessTokenSecretRef: SK,
      },
    }),
    ["spec.acme.solvers[0].dns01.route53: Forbidden: may not specify more than one provider type"],
  ],
  [
    "cnameStrategy outside the CRD enum",
    dns01({ cnameStrategy: "Maybe", route53: {} }),
    [
      'spec.acme.solvers[0].dns01.cnameStrategy: Unsupported value: "Maybe": supported values: "None", "Follow"',
    ],
  ],
  [
    "nameservers must be host:port or https",
    dns01({ nameservers: ["8.8.8.8:53", "https://dns.example/dns-query", "8.8.8.8"], route53: {} }),
    [
      'spec.acme.solvers[0].dns01.nameservers[2]: Invalid value: "8.8.8.8": must be in the format <ip address>:<port>',
    ],
  ],
  [
    "akamai selectors need name and key",
    dns01({
      akamai: {
        serviceConsumerDomain: "",
        clientTokenSecretRef: { name: "a" },
        clientSecretSecretRef: SK,
        accessTokenSecretRef: SK,
      },
    }),
    [
      "spec.acme.solvers[0].dns01.akamai.clientToken.key: Required value: secret key is required",
      "spec.acme.solvers[0].dns01.akamai.serviceConsumerDomain: Required value",
    ],
  ],
  [
    "azureDNS service principal incomplete",
    dns01({ azureDNS: { clientID: "c", subscriptionID: "s", resourceGroupName: "r", managedIdentity: {} } }),
    [
      "spec.acme.solvers[0].dns01.azureDNS.clientSecretSecretRef: Required value",
      "spec.acme.solvers[0].dns01.azureDNS.tenantID: Required value",
      "spec.acme.solvers[0].dns01.azureDNS.managedIdentity: Forbidden: managed identity cannot be used at the same time as clientID, clientSecretSecretRef or tenantID",
    ],
  ],
  [
    "azureDNS managed identity conflicts",
    dns01({
      azureDNS: {
        subscriptionID: "s",
        resourceGroupName: "r",
        managedIdentity: { tenantID: "t", resourceID: "x" },
      },
    }),
    [
      "spec.acme.solvers[0].dns01.azureDNS.managedIdentity: Forbidden: managedIdentityTenantID and managedIdentityResourceID cannot both be specified",
      "spec.acme.solvers[0].dns01.azureDNS.managedIdentity: Required value: managedIdentityClientID is required when using managedIdentityTenantID",
    ],
  ],
  [
    "azureDNS required fields (CRD)",
    dns01({ azureDNS: {} }),
    [
      "spec.acme.solvers[0].dns01.azureDNS.resourceGroupName: Required value",
      "spec.acme.solvers[0].dns01.azureDNS.subscriptionID: Required value",
    ],
  ],
  [
    "cloudDNS project",
    dns01({ cloudDNS: { project: "" } }),
    ["spec.acme.solvers[0].dns01.cloudDNS.project: Required value"],
  ],
  [
    "cloudflare needs a credential",
    dns01({ cloudflare: {} }),
    [
      "spec.acme.solvers[0].dns01.cloudflare: Required value: apiKeySecretRef or apiTokenSecretRef is required",
    ],
  ],
  [
    "cloudflare apiKey needs email; not both credentials",
    dns01({ cloudflare: { apiKeySecretRef: SK, apiTokenSecretRef: SK } }),
    [
      "spec.acme.solvers[0].dns01.cloudflare: Forbidden: apiKeySecretRef and apiTokenSecretRef cannot both be specified",
      "spec.acme.solvers[0].dns01.cloudflare.email: Required value",
    ],
  ],
  [
    "route53 accessKeyID twice (reported as Required, sic)",
    dns01({ route53: { accessKeyID: "AKIA", accessKeyIDSecretRef: { name: "s" } } }),
    [
      "spec.acme.solvers[0].dns01.route53: Required value: accessKeyID and accessKeyIDSecretRef cannot both be specified",
      "spec.acme.solvers[0].dns01.route53.accessKeyIDSecretRef.key: Required value: secret key is required",
    ],
  ],
  [
    "acmeDNS host",
    dns01({ acmeDNS: { host: "", accountSecretRef: SK } }),
    ["spec.acme.solvers[0].dns01.acmeDNS.host: Required value"],
  ],
  [
    "digitalocean token key",
    dns01({ digitalocean: { tokenSecretRef: { name: "t" } } }),
    ["spec.acme.solvers[0].dns01.digitalocean.tokenSecretRef.key: Required value: secret key is required"],
  ],
  [
    "rfc2136 bad nameserver and algorithm",
    dns01({ rfc2136: { nameserver: "1.2.3.4:99999", tsigAlgorithm: "md4" } }),
    [
      'spec.acme.solvers[0].dns01.rfc2136.nameserver: Invalid value: "1.2.3.4:99999": nameserver must be set in the form host:port where host is an IPv4 address, an enclosed IPv6 address or a hostname and port is an optional port number.',
      'spec.acme.solvers[0].dns01.rfc2136.tsigAlgorithm: Unsupported value: "": supported values: "HMACMD5", "HMACSHA1", "HMACSHA256", "HMACSHA512"',
    ],
  ],
  [
    "rfc2136 algorithm is case-insensitive",
    dns01({
      rfc2136: {
        nameserver: "[::1]:53",
        tsigAlgorithm: "hmacsha256",
        tsigKeyName: "k",
        tsigSecretSecretRef: SK,
      },
    }),
    [],
  ],
  [
    "rfc2136 TSIG secret without key name",
    dns01({ rfc2136: { nameserver: "ns.example.com", tsigSecretSecretRef: SK } }),
    ["spec.acme.solvers[0].dns01.rfc2136.tsigKeyName: Required value"],
  ],
  [
    "webhook solverName",
    dns01({ webhook: { groupName: "g", solverName: "" } }),
    ["spec.acme.solvers[0].dns01.webhook.solverName: Required value: solver name must be specified"],
  ],
  // CA
  ["the seed's internal-ca", { ca: { secretName: "internal-ca-keypair" } }, []],
  ["CA secretName empty", { ca: { secretName: "" } }, ["spec.ca.secretName: Required value"]],
  [
    "CA empty URLs",
    { ca: { secretName: "s", ocspServers: [""], issuingCertificateURLs: [""] } },
    [
      'spec.ca.ocspServer[0]: Invalid value: "": must be a valid URL, e.g., http://ocsp.int-x3.letsencrypt.org',
      'spec.ca.issuingCertificateURLs[0]: Invalid value: "": must be a valid URL',
    ],
  ],
  // Vault
  [
    "vault with token auth",
    { vault: { server: "https://vault", path: "pki/sign/r", auth: { tokenSecretRef: SK } } },
    [],
  ],
  [
    "vault server/path empty and no auth",
    { vault: { server: "", path: "", auth: {} } },
    [
      "spec.vault.server: Required value",
      "spec.vault.path: Required value",
      "spec.vault.auth: Required value: please supply one of: appRole, kubernetes, tokenSecretRef, clientCertificate, aws",
    ],
  ],
  [
    "vault path with ..",
    { vault: { server: "s", path: "pki/../sys", auth: { tokenSecretRef: SK } } },
    ["spec.vault.path: Invalid value: \"pki/../sys\": must not contain '..' path segments"],
  ],
  [
    "vault caBundle and caBundleSecretRef",
    {
      vault: {
        server: "s",
        path: "p",
        caBundle: PEM_GARBAGE,
        caBundleSecretRef: { name: "ca" },
        auth: { tokenSecretRef: SK },
      },
    },
    [
      'spec.vault.caBundle: Invalid value: "<snip>": cert bundle didn\'t contain any valid certificates',
      'spec.vault.caBundle: Invalid value: "<snip>": specified caBundle and caBundleSecretRef cannot be used together',
      'spec.vault.caBundleSecretRef: Invalid value: "ca": specified caBundleSecretRef and caBundle cannot be used together',
    ],
  ],
  [
    "vault client cert without key",
    { vault: { server: "s", path: "p", clientCertSecretRef: { name: "c" }, auth: { tokenSecretRef: SK } } },
    [
      'spec.vault.clientKeySecretRef: Invalid value: "<snip>": clientKeySecretRef must be provided when defining the clientCertSecretRef',
    ],
  ],
  [
    "vault kubernetes auth with both refs",
    {
      vault: {
        server: "s",
        path: "p",
        auth: { kubernetes: { role: "r", secretRef: SK, serviceAccountRef: { name: "sa" } } },
      },
    },
    ["spec.vault.auth.kubernetes: Forbidden: please supply one of: secretRef, serviceAccountRef"],
  ],
  [
    "vault kubernetes auth with neither ref",
    { vault: { server: "s", path: "p", auth: { kubernetes: { role: "r" } } } },
    ["spec.vault.auth.kubernetes: Required value: please supply one of: secretRef, serviceAccountRef"],
  ],
  [
    "vault aws IRSA needs iamRoleArn",
    { vault: { server: "s", path: "p", auth: { aws: { role: "r", serviceAccountRef: { name: "sa" } } } } },
    [
      "spec.vault.auth.aws.iamRoleArn: Required value: iamRoleArn is required when using serviceAccountRef for IRSA",
    ],
  ],
  [
    "vault aws role minLength (CRD)",
    { vault: { server: "s", path: "p", auth: { aws: { role: "" } } } },
    [
      'spec.vault.auth.aws.role: Invalid value: "": spec.vault.auth.aws.role in body should be at least 1 chars long',
    ],
  ],
  [
    "vault several auth methods stay allowed",
    {
      vault: {
        server: "s",
        path: "p",
        auth: { tokenSecretRef: SK, appRole: { path: "approle", roleId: "r", secretRef: SK } },
      },
    },
    [],
  ],
  // Venafi
  ["venafi cloud", { venafi: { zone: "z", cloud: { apiTokenSecretRef: SK } } }, []],
  [
    "venafi with nothing",
    { venafi: { zone: "" } },
    [
      "spec.venafi.zone: Required value",
      "spec.venafi: Required value: please supply one of: tpp, cloud, ngts",
    ],
  ],
  [
    "venafi with two",
    {
      venafi: {
        zone: "z",
        cloud: { apiTokenSecretRef: SK },
        ngts: { tsgID: "", credentialsRef: { name: "c" } },
      },
    },
    [
      "spec.venafi.ngts.tsgID: Required value",
      "spec.venafi: Forbidden: please supply one of: tpp, cloud, ngts",
    ],
  ],
  [
    "venafi tpp with two CA bundles",
    {
      venafi: {
        zone: "z",
        tpp: {
          url: "https://tpp/vedsdk",
          credentialsRef: { name: "c" },
          caBundle: PEM_GARBAGE,
          caBundleSecretRef: { name: "ca" },
        },
      },
    },
    [
      "spec.venafi.tpp: Forbidden: may not specify more than one of caBundle/caBundleSecretRef as TPP CA Bundle",
    ],
  ],
];

const render = (f: { severity: string; field: string; message: string }): string =>
  `${f.severity === "warning" ? "warning: " : ""}${f.field === "" ? "" : `${f.field}: `}${f.message}`;

describe("Issuer and ClusterIssuer: the webhook's rules (inventory §2.6)", () => {
  for (const [name, spec, expected] of cases) {
    test(name, () => {
      assert.deepEqual(validateObject(issuer(spec)).map(render), expected);
      assert.deepEqual(
        validateObject(issuer(spec, "ClusterIssuer")).map(render),
        expected,
        "ClusterIssuer judged the same",
      );
    });
  }
});
