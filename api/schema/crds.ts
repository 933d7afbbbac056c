import { ACME_GROUP, CERTMANAGER_GROUP } from "../constants.ts";
import { challengeSpec, challengeStatus, orderSpec, orderStatus } from "./acme.ts";
import {
  certificateRequestSpec,
  certificateRequestStatus,
  certificateSpec,
  certificateStatus,
} from "./certificate.ts";
import { obj, str, type JSONSchemaProps } from "./dsl.ts";
import { issuerSpec, issuerStatus } from "./issuer.ts";

/** Everything that differs between the six kinds; the CRD objects are built from it. */
export interface KindDefinition {
  group: string;
  kind: string;
  plural: string;
  singular: string;
  scope: "Namespaced" | "Cluster";
  shortNames: string[];
  categories: string[];
  spec: () => JSONSchemaProps;
  status: () => JSONSchemaProps;
  /** Top-level required properties besides apiVersion/kind. */
  required: string[];
  printerColumns: PrinterColumn[];
  selectableIssuerRef: boolean;
  description: string;
}

export interface PrinterColumn {
  name: string;
  type: "string" | "date" | "integer" | "boolean";
  jsonPath: string;
  priority?: number;
  description?: string;
}

const cond = (type: string, field: "status" | "message"): string =>
  `.status.conditions[?(@.type == "${type}")].${field}`;
const AGE: PrinterColumn = {
  name: "Age",
  type: "date",
  jsonPath: ".metadata.creationTimestamp",
  description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
};
const READY: PrinterColumn = { name: "Ready", type: "string", jsonPath: cond("Ready", "status") };
const STATUS: PrinterColumn = {
  name: "Status",
  type: "string",
  jsonPath: cond("Ready", "message"),
  priority: 1,
};

const CM = ["cert-manager"];
const CM_ACME = ["cert-manager", "cert-manager-acme"];

export const KINDS: readonly KindDefinition[] = [
  {
    group: CERTMANAGER_GROUP,
    kind: "Certificate",
    plural: "certificates",
    singular: "certificate",
    scope: "Namespaced",
    shortNames: ["cert", "certs"],
    categories: CM,
    spec: certificateSpec,
    status: certificateStatus,
    required: ["spec"],
    selectableIssuerRef: true,
    description:
      "A desired X.509 certificate, issued and renewed by the referenced issuer and stored in a Secret.",
    printerColumns: [
      READY,
      { name: "Secret", type: "string", jsonPath: ".spec.secretName" },
      { name: "Issuer", type: "string", jsonPath: ".spec.issuerRef.name", priority: 1 },
      STATUS,
      {
        name: "Expiration",
        type: "string",
        jsonPath: ".status.notAfter",
        priority: 1,
        description: "The date after which the certificate is no longer valid.",
      },
      AGE,
    ],
  },
  {
    group: CERTMANAGER_GROUP,
    kind: "CertificateRequest",
    plural: "certificaterequests",
    singular: "certificaterequest",
    scope: "Namespaced",
    shortNames: ["cr", "crs"],
    categories: CM,
    spec: certificateRequestSpec,
    status: certificateRequestStatus,
    required: ["spec"],
    selectableIssuerRef: true,
    description: "A request to an issuer to sign a PKCS#10 certificate signing request.",
    printerColumns: [
      { name: "Approved", type: "string", jsonPath: cond("Approved", "status") },
      { name: "Denied", type: "string", jsonPath: cond("Denied", "status") },
      READY,
      { name: "Issuer", type: "string", jsonPath: ".spec.issuerRef.name" },
      { name: "Requester", type: "string", jsonPath: ".spec.username" },
      STATUS,
      AGE,
    ],
  },
  {
    group: CERTMANAGER_GROUP,
    kind: "Issuer",
    plural: "issuers",
    singular: "issuer",
    scope: "Namespaced",
    shortNames: ["iss"],
    categories: CM,
    spec: issuerSpec,
    status: issuerStatus,
    required: ["spec"],
    selectableIssuerRef: false,
    description: "A certificate authority that signs CertificateRequests in its own namespace.",
    printerColumns: [READY, STATUS, AGE],
  },
  {
    group: CERTMANAGER_GROUP,
    kind: "ClusterIssuer",
    plural: "clusterissuers",
    singular: "clusterissuer",
    scope: "Cluster",
    shortNames: ["ciss"],
    categories: CM,
    spec: issuerSpec,
    status: issuerStatus,
    required: ["spec"],
    selectableIssuerRef: false,
    description: "A certificate authority that signs CertificateRequests in any namespace.",
    printerColumns: [READY, STATUS, AGE],
  },
  {
    group: ACME_GROUP,
    kind: "Order",
    plural: "orders",
    singular: "order",
    scope: "Namespaced",
    shortNames: [],
    categories: CM_ACME,
    spec: orderSpec,
    status: orderStatus,
    required: ["metadata", "spec"],
    selectableIssuerRef: true,
    description: "An ACME order for one certificate.",
    printerColumns: [
      { name: "State", type: "string", jsonPath: ".status.state" },
      { name: "Issuer", type: "string", jsonPath: ".spec.issuerRef.name", priority: 1 },
      { name: "Reason", type: "string", jsonPath: ".status.reason", priority: 1 },
      AGE,
    ],
  },
  {
    group: ACME_GROUP,
    kind: "Challenge",
    plural: "challenges",
    singular: "challenge",
    scope: "Namespaced",
    shortNames: [],
    categories: CM_ACME,
    spec: challengeSpec,
    status: challengeStatus,
    required: ["metadata", "spec"],
    selectableIssuerRef: true,
    description: "An ACME challenge for one domain of an Order.",
    printerColumns: [
      { name: "State", type: "string", jsonPath: ".status.state" },
      { name: "Domain", type: "string", jsonPath: ".spec.dnsName" },
      { name: "Reason", type: "string", jsonPath: ".status.reason", priority: 1 },
      AGE,
    ],
  },
];

/** The full openAPIV3Schema of one kind (also used by the offline validator). */
export function kindSchema(def: KindDefinition): JSONSchemaProps {
  return obj(
    {
      apiVersion: str("Versioned schema of this representation of an object."),
      kind: str("REST resource this object represents."),
      metadata: { type: "object" },
      spec: def.spec(),
      status: def.status(),
    },
    def.required,
    def.description,
  );
}

export interface CrdOptions {
  /** selectableFields needs Kubernetes ≥ 1.31 (beta 1.31, GA 1.32); off for older API servers. */
  selectableFields?: boolean;
}

/** The six CustomResourceDefinitions (apiextensions.k8s.io/v1), built from the schemas above. */
export function generateCrds(opts: CrdOptions = {}): Record<string, unknown>[] {
  const selectable = opts.selectableFields ?? true;
  return KINDS.map((def) => {
    const version: Record<string, unknown> = {
      name: "v1",
      served: true,
      storage: true,
      subresources: { status: {} },
      additionalPrinterColumns: def.printerColumns,
      schema: { openAPIV3Schema: kindSchema(def) },
    };
    if (selectable && def.selectableIssuerRef) {
      version["selectableFields"] = ["group", "kind", "name"].map((f) => ({
        jsonPath: `.spec.issuerRef.${f}`,
      }));
    }
    return {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: {
        name: `${def.plural}.${def.group}`,
        labels: { "app.kubernetes.io/name": "certflow", "app.kubernetes.io/component": "crds" },
      },
      spec: {
        group: def.group,
        names: {
          kind: def.kind,
          listKind: `${def.kind}List`,
          plural: def.plural,
          singular: def.singular,
          ...(def.shortNames.length > 0 ? { shortNames: def.shortNames } : {}),
          categories: def.categories,
        },
        scope: def.scope,
        versions: [version],
      },
    };
  });
}
