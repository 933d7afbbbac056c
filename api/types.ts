/**
 * TypeScript shapes of the cert-manager API (cert-manager.io/v1 and acme.cert-manager.io/v1).
 * Field names are exactly cert-manager's JSON names so manifests round-trip unchanged.
 * Everything optional that cert-manager marks `omitempty`; values read from files are untrusted,
 * so code that consumes parsed YAML must still check shapes (see api/validation).
 */

// ---------- shared (meta) ----------

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export type ConditionStatus = "True" | "False" | "Unknown";

export interface Condition {
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
  /** Set on Certificate and Issuer conditions only. */
  observedGeneration?: number;
}

/** Empty kind means `Issuer`, empty group means `cert-manager.io` (no API-server defaulting). */
export interface IssuerReference {
  name: string;
  kind?: string;
  group?: string;
}

export interface LocalObjectReference {
  name: string;
}

export interface SecretKeySelector {
  name: string;
  key?: string;
}

export interface ServiceAccountRef {
  name: string;
  audiences?: string[];
}

// ---------- enums ----------

export type KeyUsage =
  | "signing"
  | "digital signature"
  | "content commitment"
  | "key encipherment"
  | "key agreement"
  | "data encipherment"
  | "cert sign"
  | "crl sign"
  | "encipher only"
  | "decipher only"
  | "any"
  | "server auth"
  | "client auth"
  | "code signing"
  | "email protection"
  | "s/mime"
  | "ipsec end system"
  | "ipsec tunnel"
  | "ipsec user"
  | "timestamping"
  | "ocsp signing"
  | "microsoft sgc"
  | "netscape sgc";
/** Alias named as in the shared contract. */
export type CertificateKeyUsage = KeyUsage;

export type PrivateKeyAlgorithm = "RSA" | "ECDSA" | "Ed25519";
export type PrivateKeyEncoding = "PKCS1" | "PKCS8";
export type PrivateKeyRotationPolicy = "Never" | "Always";
export type SignatureAlgorithm =
  | "SHA256WithRSA"
  | "SHA384WithRSA"
  | "SHA512WithRSA"
  | "ECDSAWithSHA256"
  | "ECDSAWithSHA384"
  | "ECDSAWithSHA512"
  | "PureEd25519";
export type CertificateOutputFormatType = "DER" | "CombinedPEM";
export type PKCS12Profile = "LegacyRC2" | "LegacyDES" | "Modern2023" | "Modern2026";
export type RenewalPolicy = "RenewBefore" | "Disabled";
export type CNAMEStrategy = "None" | "Follow";
export type AzureDNSEnvironment =
  "AzurePublicCloud" | "AzureChinaCloud" | "AzureGermanCloud" | "AzureUSGovernmentCloud";
export type AzureZoneType = "AzurePublicZone" | "AzurePrivateZone";
export type RFC2136UpdateProtocol = "UDP" | "TCP";
export type HMACKeyAlgorithm = "HS256" | "HS384" | "HS512";
export type RenewalInformationSource = "ARI" | "None";
export type OrderState =
  "valid" | "ready" | "pending" | "processing" | "invalid" | "expired" | "errored" | "";
/** Alias as cert-manager names it (`acme.State`). */
export type State = OrderState;
export type ACMEChallengeType = "HTTP-01" | "DNS-01";
export type HTTP01ServiceType = "NodePort" | "ClusterIP";

// ---------- Certificate ----------

export interface X509Subject {
  organizations?: string[];
  countries?: string[];
  organizationalUnits?: string[];
  localities?: string[];
  provinces?: string[];
  streetAddresses?: string[];
  postalCodes?: string[];
  serialNumber?: string;
}

export interface OtherName {
  oid?: string;
  utf8Value?: string;
}

export interface CertificateSecretTemplate {
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface JKSKeystore {
  create: boolean;
  alias?: string;
  passwordSecretRef?: SecretKeySelector;
  password?: string;
}

export interface PKCS12Keystore {
  create: boolean;
  profile?: PKCS12Profile;
  passwordSecretRef?: SecretKeySelector;
  password?: string;
}

export interface CertificateKeystores {
  jks?: JKSKeystore;
  pkcs12?: PKCS12Keystore;
}

export interface CertificatePrivateKey {
  rotationPolicy?: PrivateKeyRotationPolicy;
  encoding?: PrivateKeyEncoding;
  algorithm?: PrivateKeyAlgorithm;
  size?: number;
}

export interface CertificateAdditionalOutputFormat {
  type: CertificateOutputFormatType;
}

export interface NameConstraintItem {
  dnsDomains?: string[];
  ipRanges?: string[];
  emailAddresses?: string[];
  uriDomains?: string[];
}

export interface NameConstraints {
  critical?: boolean;
  permitted?: NameConstraintItem;
  excluded?: NameConstraintItem;
}

export interface RenewalWindow {
  /** IANA time zone, default UTC. */
  timezone?: string;
  windowDuration: string;
  /** Five-field cron expression. */
  cron: string;
}

export interface CertificateRenewal {
  policy?: RenewalPolicy;
  windows?: RenewalWindow[];
}

export interface CertificateSpec {
  subject?: X509Subject;
  literalSubject?: string;
  commonName?: string;
  duration?: string;
  renewBefore?: string;
  renewBeforePercentage?: number;
  renewal?: CertificateRenewal;
  dnsNames?: string[];
  ipAddresses?: string[];
  uris?: string[];
  emailAddresses?: string[];
  otherNames?: OtherName[];
  secretName: string;
  secretTemplate?: CertificateSecretTemplate;
  keystores?: CertificateKeystores;
  issuerRef: IssuerReference;
  isCA?: boolean;
  usages?: KeyUsage[];
  privateKey?: CertificatePrivateKey;
  signatureAlgorithm?: SignatureAlgorithm;
  encodeUsagesInRequest?: boolean;
  revisionHistoryLimit?: number;
  additionalOutputFormats?: CertificateAdditionalOutputFormat[];
  nameConstraints?: NameConstraints;
}

export interface ACMERenewalInfoWindow {
  start: string;
  end: string;
}

export interface CertificateACMEStatus {
  ari?: {
    suggestedWindow?: ACMERenewalInfoWindow;
    explanationURL?: string;
    lastChecked?: string;
    nextCheck?: string;
    lastError?: string;
  };
}

export interface CertificateStatus {
  conditions?: Condition[];
  lastFailureTime?: string;
  notBefore?: string;
  notAfter?: string;
  renewalTime?: string;
  revision?: number;
  nextPrivateKeySecretName?: string;
  failedIssuanceAttempts?: number;
  acme?: CertificateACMEStatus;
}

export interface Certificate {
  apiVersion: "cert-manager.io/v1";
  kind: "Certificate";
  metadata: ObjectMeta;
  spec: CertificateSpec;
  status?: CertificateStatus;
}

// ---------- CertificateRequest ----------

export interface CertificateRequestSpec {
  duration?: string;
  issuerRef: IssuerReference;
  /** PEM-encoded CSR, base64 in JSON/YAML. */
  request: string;
  isCA?: boolean;
  usages?: KeyUsage[];
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface CertificateRequestStatus {
  conditions?: Condition[];
  /** PEM chain, base64 in JSON/YAML. */
  certificate?: string;
  ca?: string;
  failureTime?: string;
}

export interface CertificateRequest {
  apiVersion: "cert-manager.io/v1";
  kind: "CertificateRequest";
  metadata: ObjectMeta;
  spec: CertificateRequestSpec;
  status?: CertificateRequestStatus;
}

// ---------- Issuer / ClusterIssuer ----------

export interface CAIssuer {
  secretName: string;
  crlDistributionPoints?: string[];
  ocspServers?: string[];
  issuingCertificateURLs?: string[];
}

export interface SelfSignedIssuer {
  crlDistributionPoints?: string[];
}

export interface VaultAppRole {
  path: string;
  roleId: string;
  secretRef: SecretKeySelector;
}

export interface VaultClientCertificateAuth {
  mountPath?: string;
  secretName?: string;
  name?: string;
}

export interface VaultKubernetesAuth {
  mountPath?: string;
  secretRef?: SecretKeySelector;
  serviceAccountRef?: ServiceAccountRef;
  role: string;
}

export interface VaultAWSAuth {
  mountPath?: string;
  role: string;
  region?: string;
  serviceAccountRef?: ServiceAccountRef;
  iamRoleArn?: string;
  vaultHeaderValue?: string;
}

export interface VaultAuth {
  tokenSecretRef?: SecretKeySelector;
  appRole?: VaultAppRole;
  clientCertificate?: VaultClientCertificateAuth;
  kubernetes?: VaultKubernetesAuth;
  aws?: VaultAWSAuth;
}

export interface VaultIssuer {
  auth: VaultAuth;
  server: string;
  serverName?: string;
  path: string;
  namespace?: string;
  caBundle?: string;
  caBundleSecretRef?: SecretKeySelector;
  clientCertSecretRef?: SecretKeySelector;
  clientKeySecretRef?: SecretKeySelector;
}

export interface VenafiTPP {
  url: string;
  credentialsRef: LocalObjectReference;
  caBundle?: string;
  caBundleSecretRef?: SecretKeySelector;
}

export interface VenafiCloud {
  url?: string;
  apiTokenSecretRef: SecretKeySelector;
}

export interface VenafiNGTS {
  url?: string;
  tokenEndpoint?: string;
  tsgID: string;
  credentialsRef: LocalObjectReference;
}

export interface VenafiIssuer {
  zone: string;
  tpp?: VenafiTPP;
  cloud?: VenafiCloud;
  ngts?: VenafiNGTS;
}

export interface ACMEExternalAccountBinding {
  keyID: string;
  keySecretRef: SecretKeySelector;
  /** Deprecated: ignored, triggers a webhook warning. */
  keyAlgorithm?: HMACKeyAlgorithm;
}

export interface CertificateDNSNameSelector {
  matchLabels?: Record<string, string>;
  dnsNames?: string[];
  dnsZones?: string[];
}

export interface ObjectMetaTemplate {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ACMEChallengeSolverHTTP01IngressPodSpec {
  nodeSelector?: Record<string, string>;
  affinity?: Record<string, unknown>;
  tolerations?: Record<string, unknown>[];
  priorityClassName?: string;
  serviceAccountName?: string;
  imagePullSecrets?: LocalObjectReference[];
  securityContext?: Record<string, unknown>;
  resources?: { limits?: Record<string, string | number>; requests?: Record<string, string | number> };
}

export interface ACMEChallengeSolverHTTP01IngressPodTemplate {
  metadata?: ObjectMetaTemplate;
  spec?: ACMEChallengeSolverHTTP01IngressPodSpec;
}

export interface ACMEChallengeSolverHTTP01Ingress {
  serviceType?: HTTP01ServiceType;
  ingressClassName?: string;
  class?: string;
  name?: string;
  podTemplate?: ACMEChallengeSolverHTTP01IngressPodTemplate;
  ingressTemplate?: { metadata?: ObjectMetaTemplate };
}

/** Gateway API ParentReference (gateway.networking.k8s.io). */
export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface ACMEChallengeSolverHTTP01GatewayHTTPRoute {
  serviceType?: HTTP01ServiceType;
  labels?: Record<string, string>;
  parentRefs?: ParentReference[];
  podTemplate?: ACMEChallengeSolverHTTP01IngressPodTemplate;
}

export interface ACMEChallengeSolverHTTP01 {
  ingress?: ACMEChallengeSolverHTTP01Ingress;
  gatewayHTTPRoute?: ACMEChallengeSolverHTTP01GatewayHTTPRoute;
}

export interface ACMEIssuerDNS01ProviderAkamai {
  serviceConsumerDomain: string;
  clientTokenSecretRef: SecretKeySelector;
  clientSecretSecretRef: SecretKeySelector;
  accessTokenSecretRef: SecretKeySelector;
}

export interface ACMEIssuerDNS01ProviderCloudDNS {
  serviceAccountSecretRef?: SecretKeySelector;
  project: string;
  hostedZoneName?: string;
}

export interface ACMEIssuerDNS01ProviderCloudflare {
  email?: string;
  apiKeySecretRef?: SecretKeySelector;
  apiTokenSecretRef?: SecretKeySelector;
}

export interface Route53Auth {
  kubernetes: { serviceAccountRef: ServiceAccountRef };
}

export interface ACMEIssuerDNS01ProviderRoute53 {
  auth?: Route53Auth;
  accessKeyID?: string;
  accessKeyIDSecretRef?: SecretKeySelector;
  secretAccessKeySecretRef?: SecretKeySelector;
  role?: string;
  hostedZoneID?: string;
  region?: string;
}

export interface AzureManagedIdentity {
  clientID?: string;
  resourceID?: string;
  tenantID?: string;
}

export interface ACMEIssuerDNS01ProviderAzureDNS {
  clientID?: string;
  clientSecretSecretRef?: SecretKeySelector;
  subscriptionID: string;
  tenantID?: string;
  resourceGroupName: string;
  hostedZoneName?: string;
  environment?: AzureDNSEnvironment;
  managedIdentity?: AzureManagedIdentity;
  zoneType?: AzureZoneType;
}

export interface ACMEIssuerDNS01ProviderDigitalOcean {
  tokenSecretRef: SecretKeySelector;
}

export interface ACMEIssuerDNS01ProviderAcmeDNS {
  host: string;
  accountSecretRef: SecretKeySelector;
}

export interface ACMEIssuerDNS01ProviderRFC2136 {
  nameserver: string;
  tsigSecretSecretRef?: SecretKeySelector;
  tsigKeyName?: string;
  tsigAlgorithm?: string;
  protocol?: RFC2136UpdateProtocol;
}

export interface ACMEIssuerDNS01ProviderWebhook {
  groupName: string;
  solverName: string;
  config?: unknown;
}

export interface ACMEChallengeSolverDNS01 {
  cnameStrategy?: CNAMEStrategy;
  nameservers?: string[];
  akamai?: ACMEIssuerDNS01ProviderAkamai;
  cloudDNS?: ACMEIssuerDNS01ProviderCloudDNS;
  cloudflare?: ACMEIssuerDNS01ProviderCloudflare;
  route53?: ACMEIssuerDNS01ProviderRoute53;
  azureDNS?: ACMEIssuerDNS01ProviderAzureDNS;
  digitalocean?: ACMEIssuerDNS01ProviderDigitalOcean;
  acmeDNS?: ACMEIssuerDNS01ProviderAcmeDNS;
  rfc2136?: ACMEIssuerDNS01ProviderRFC2136;
  webhook?: ACMEIssuerDNS01ProviderWebhook;
}

export interface ACMEChallengeSolver {
  selector?: CertificateDNSNameSelector;
  http01?: ACMEChallengeSolverHTTP01;
  dns01?: ACMEChallengeSolverDNS01;
  /** Go duration string. */
  waitInsteadOfSelfCheck?: string;
}

export interface ACMEIssuer {
  email?: string;
  server: string;
  preferredChain?: string;
  caBundle?: string;
  skipTLSVerify?: boolean;
  externalAccountBinding?: ACMEExternalAccountBinding;
  privateKeySecretRef: SecretKeySelector;
  solvers?: ACMEChallengeSolver[];
  disableAccountKeyGeneration?: boolean;
  enableDurationFeature?: boolean;
  profile?: string;
  renewalInformationSource?: RenewalInformationSource;
}

export interface IssuerSpec {
  acme?: ACMEIssuer;
  ca?: CAIssuer;
  vault?: VaultIssuer;
  selfSigned?: SelfSignedIssuer;
  venafi?: VenafiIssuer;
}
/** Same shape for Issuer and ClusterIssuer. */
export type IssuerConfig = IssuerSpec;

export interface ACMEIssuerStatus {
  uri?: string;
  lastRegisteredEmail?: string;
  lastPrivateKeyHash?: string;
}

export interface IssuerStatus {
  conditions?: Condition[];
  acme?: ACMEIssuerStatus;
}

export interface Issuer {
  apiVersion: "cert-manager.io/v1";
  kind: "Issuer";
  metadata: ObjectMeta;
  spec: IssuerSpec;
  status?: IssuerStatus;
}

export interface ClusterIssuer {
  apiVersion: "cert-manager.io/v1";
  kind: "ClusterIssuer";
  metadata: ObjectMeta;
  spec: IssuerSpec;
  status?: IssuerStatus;
}

export type AnyIssuer = Issuer | ClusterIssuer;

// ---------- Order / Challenge (acme.cert-manager.io/v1) ----------

export interface OrderSpec {
  /** PEM CSR (DER tolerated), base64 in JSON/YAML. */
  request: string;
  issuerRef: IssuerReference;
  commonName?: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  duration?: string;
  profile?: string;
  replaces?: string;
}

export interface ACMEChallenge {
  url: string;
  token: string;
  type: string;
}

export interface ACMEAuthorization {
  url: string;
  identifier?: string;
  wildcard?: boolean;
  initialState?: OrderState;
  challenges?: ACMEChallenge[];
}

export interface OrderStatus {
  url?: string;
  finalizeURL?: string;
  authorizations?: ACMEAuthorization[];
  certificate?: string;
  state?: OrderState;
  reason?: string;
  failureTime?: string;
}

export interface Order {
  apiVersion: "acme.cert-manager.io/v1";
  kind: "Order";
  metadata: ObjectMeta;
  spec: OrderSpec;
  status?: OrderStatus;
}

export interface ChallengeSpec {
  url: string;
  authorizationURL: string;
  dnsName: string;
  wildcard?: boolean;
  type: ACMEChallengeType;
  token: string;
  key: string;
  solver: ACMEChallengeSolver;
  issuerRef: IssuerReference;
}

export interface ChallengeStatus {
  processing?: boolean;
  presented?: boolean;
  presentedAt?: string;
  reason?: string;
  state?: OrderState;
}

export interface Challenge {
  apiVersion: "acme.cert-manager.io/v1";
  kind: "Challenge";
  metadata: ObjectMeta;
  spec: ChallengeSpec;
  status?: ChallengeStatus;
}

export type CertManagerObject = Certificate | CertificateRequest | Issuer | ClusterIssuer | Order | Challenge;
