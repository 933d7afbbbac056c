/** API groups, versions, annotation/label keys, condition types and reasons of cert-manager. */

export const CERTMANAGER_GROUP = "cert-manager.io";
export const ACME_GROUP = "acme.cert-manager.io";
export const API_VERSION = "v1";
export const CERTMANAGER_API_VERSION = "cert-manager.io/v1";
export const ACME_API_VERSION = "acme.cert-manager.io/v1";

export const KIND_CERTIFICATE = "Certificate";
export const KIND_CERTIFICATE_REQUEST = "CertificateRequest";
export const KIND_ISSUER = "Issuer";
export const KIND_CLUSTER_ISSUER = "ClusterIssuer";
export const KIND_ORDER = "Order";
export const KIND_CHALLENGE = "Challenge";

/** Defaults applied when issuerRef.kind / issuerRef.group are empty. */
export const DEFAULT_ISSUER_KIND = "Issuer";
export const DEFAULT_ISSUER_GROUP = "cert-manager.io";

/** Key of the CA certificate in a TLS Secret. */
export const TLS_CA_KEY = "ca.crt";
export const TLS_CERT_KEY = "tls.crt";
export const TLS_PRIVATE_KEY_KEY = "tls.key";

// ----- annotations on Secrets written by the controller -----
export const ANNOTATION_CERTIFICATE_NAME = "cert-manager.io/certificate-name";
export const ANNOTATION_ISSUER_NAME = "cert-manager.io/issuer-name";
export const ANNOTATION_ISSUER_KIND = "cert-manager.io/issuer-kind";
export const ANNOTATION_ISSUER_GROUP = "cert-manager.io/issuer-group";
export const ANNOTATION_COMMON_NAME = "cert-manager.io/common-name";
export const ANNOTATION_ALT_NAMES = "cert-manager.io/alt-names";
export const ANNOTATION_IP_SANS = "cert-manager.io/ip-sans";
export const ANNOTATION_URI_SANS = "cert-manager.io/uri-sans";
export const ANNOTATION_EMAIL_SANS = "cert-manager.io/email-sans";
export const ANNOTATION_SUBJECT_ORGANIZATIONS = "cert-manager.io/subject-organizations";
export const ANNOTATION_SUBJECT_ORGANIZATIONAL_UNITS = "cert-manager.io/subject-organizationalunits";
export const ANNOTATION_SUBJECT_COUNTRIES = "cert-manager.io/subject-countries";
export const ANNOTATION_SUBJECT_PROVINCES = "cert-manager.io/subject-provinces";
export const ANNOTATION_SUBJECT_LOCALITIES = "cert-manager.io/subject-localities";
export const ANNOTATION_SUBJECT_POSTAL_CODES = "cert-manager.io/subject-postalcodes";
export const ANNOTATION_SUBJECT_STREET_ADDRESSES = "cert-manager.io/subject-streetaddresses";
export const ANNOTATION_SUBJECT_SERIAL_NUMBER = "cert-manager.io/subject-serialnumber";

export const LABEL_FIELD_OWNED_ANNOTATIONS = "controller.cert-manager.io/fao";
export const LABEL_NEXT_PRIVATE_KEY = "cert-manager.io/next-private-key";

// ----- annotations on CertificateRequests -----
export const ANNOTATION_CERTIFICATE_REVISION = "cert-manager.io/certificate-revision";
export const ANNOTATION_PRIVATE_KEY_SECRET_NAME = "cert-manager.io/private-key-secret-name";

// ----- Certificate annotations read by the controller -----
export const ANNOTATION_ISSUE_TEMPORARY_CERTIFICATE = "cert-manager.io/issue-temporary-certificate";
export const ANNOTATION_ACME_HTTP01_OVERRIDE_INGRESS_NAME =
  "acme.cert-manager.io/http01-override-ingress-name";
export const ANNOTATION_ACME_HTTP01_OVERRIDE_INGRESS_CLASS =
  "acme.cert-manager.io/http01-override-ingress-class";
export const ANNOTATION_ACME_HTTP01_OVERRIDE_INGRESS_CLASSNAME =
  "acme.cert-manager.io/http01-override-ingress-ingressclassname";
export const ANNOTATION_ACME_HTTP01_PARENT_REF_NAME = "acme.cert-manager.io/http01-parentrefname";
export const ANNOTATION_ACME_HTTP01_PARENT_REF_KIND = "acme.cert-manager.io/http01-parentrefkind";
export const ANNOTATION_ACME_HTTP01_PARENT_REF_NAMESPACE = "acme.cert-manager.io/http01-parentrefnamespace";
export const ANNOTATION_VENAFI_CUSTOM_FIELDS = "venafi.cert-manager.io/custom-fields";
export const ANNOTATION_VENAFI_PICKUP_ID = "venafi.cert-manager.io/pickup-id";

// ----- cainjector -----
export const ANNOTATION_INJECT_CA_FROM = "cert-manager.io/inject-ca-from";
export const ANNOTATION_INJECT_CA_FROM_SECRET = "cert-manager.io/inject-ca-from-secret";
export const ANNOTATION_INJECT_APISERVER_CA = "cert-manager.io/inject-apiserver-ca";
export const ANNOTATION_ALLOW_DIRECT_INJECTION = "cert-manager.io/allow-direct-injection";

// ----- shim (Ingress / Gateway) annotations -----
export const ANNOTATION_INGRESS_ISSUER = "cert-manager.io/issuer";
export const ANNOTATION_INGRESS_CLUSTER_ISSUER = "cert-manager.io/cluster-issuer";
export const ANNOTATION_INGRESS_ISSUER_KIND = "cert-manager.io/issuer-kind";
export const ANNOTATION_INGRESS_ISSUER_GROUP = "cert-manager.io/issuer-group";
export const ANNOTATION_INGRESS_TLS_ACME = "kubernetes.io/tls-acme";
export const ANNOTATION_INGRESS_COMMON_NAME = "cert-manager.io/common-name";
export const ANNOTATION_INGRESS_DURATION = "cert-manager.io/duration";
export const ANNOTATION_INGRESS_RENEW_BEFORE = "cert-manager.io/renew-before";
export const ANNOTATION_INGRESS_RENEW_BEFORE_PERCENTAGE = "cert-manager.io/renew-before-percentage";
export const ANNOTATION_INGRESS_USAGES = "cert-manager.io/usages";
export const ANNOTATION_INGRESS_REVISION_HISTORY_LIMIT = "cert-manager.io/revision-history-limit";
export const ANNOTATION_INGRESS_PRIVATE_KEY_ALGORITHM = "cert-manager.io/private-key-algorithm";
export const ANNOTATION_INGRESS_PRIVATE_KEY_ENCODING = "cert-manager.io/private-key-encoding";
export const ANNOTATION_INGRESS_PRIVATE_KEY_SIZE = "cert-manager.io/private-key-size";
export const ANNOTATION_INGRESS_PRIVATE_KEY_ROTATION_POLICY = "cert-manager.io/private-key-rotation-policy";
export const ANNOTATION_INGRESS_SECRET_TEMPLATE = "cert-manager.io/secret-template";
export const ANNOTATION_INGRESS_IGNORE_TLS_LISTENERS = "cert-manager.io/ignore-tls-listeners";
export const ANNOTATION_ACME_HTTP01_EDIT_IN_PLACE = "acme.cert-manager.io/http01-edit-in-place";
export const ANNOTATION_ACME_HTTP01_INGRESS_CLASS = "acme.cert-manager.io/http01-ingress-class";
export const ANNOTATION_ACME_HTTP01_INGRESS_INGRESSCLASSNAME =
  "acme.cert-manager.io/http01-ingress-ingressclassname";

/** Namespace label that switches the validating webhook off. */
export const LABEL_DISABLE_VALIDATION = "cert-manager.io/disable-validation";

// ----- ACME solver labels / finalizers -----
export const LABEL_ACME_HTTP_DOMAIN = "acme.cert-manager.io/http-domain";
export const LABEL_ACME_HTTP_TOKEN = "acme.cert-manager.io/http-token";
export const LABEL_ACME_HTTP01_SOLVER = "acme.cert-manager.io/http01-solver";
export const ACME_FINALIZER = "acme.cert-manager.io/finalizer";
export const ACME_LEGACY_FINALIZER = "finalizer.acme.cert-manager.io";

// ----- condition types -----
export const CONDITION_READY = "Ready";
export const CONDITION_ISSUING = "Issuing";
export const CONDITION_INVALID_REQUEST = "InvalidRequest";
export const CONDITION_APPROVED = "Approved";
export const CONDITION_DENIED = "Denied";

// ----- CertificateRequest Ready reasons -----
export const REASON_PENDING = "Pending";
export const REASON_FAILED = "Failed";
export const REASON_ISSUED = "Issued";
export const REASON_DENIED = "Denied";

// ----- Certificate Issuing / Ready reasons (policy chain) -----
export const REASON_DOES_NOT_EXIST = "DoesNotExist";
export const REASON_MISSING_DATA = "MissingData";
export const REASON_INVALID_KEY_PAIR = "InvalidKeyPair";
export const REASON_INVALID_CERTIFICATE = "InvalidCertificate";
export const REASON_INVALID_CERTIFICATE_REQUEST = "InvalidCertificateRequest";
export const REASON_INCORRECT_ISSUER = "IncorrectIssuer";
export const REASON_INCORRECT_CERTIFICATE = "IncorrectCertificate";
export const REASON_SECRET_MISMATCH = "SecretMismatch";
export const REASON_REQUEST_CHANGED = "RequestChanged";
export const REASON_RENEWING = "Renewing";
export const REASON_EXPIRED = "Expired";
export const REASON_WINDOW_ERROR = "WindowError";
export const REASON_MANUALLY_TRIGGERED = "ManuallyTriggered";
export const REASON_READY = "Ready";

/** Approver reason and message set on auto-approved CertificateRequests. */
export const APPROVER_REASON = "cert-manager.io";
export const APPROVER_MESSAGE = "Certificate request has been approved by cert-manager.io";

// ----- defaults -----
/** 90 days. */
export const DEFAULT_CERTIFICATE_DURATION = "2160h";
export const DEFAULT_CERTIFICATE_DURATION_MS = 2160 * 3600 * 1000;
export const MIN_CERTIFICATE_DURATION_MS = 3600 * 1000;
export const MIN_RENEW_BEFORE_MS = 5 * 60 * 1000;
export const DEFAULT_RSA_KEY_SIZE = 2048;
export const DEFAULT_ECDSA_KEY_SIZE = 256;
export const DEFAULT_KEY_USAGES = ["digital signature", "key encipherment"] as const;
export const DEFAULT_ACME_PRIVATE_KEY_SECRET_KEY = "tls.key";
export const DEFAULT_JKS_ALIAS = "certificate";
