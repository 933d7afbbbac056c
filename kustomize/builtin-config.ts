/**
 * kustomize's built-in transformer configuration (which fields of which kinds carry labels,
 * annotations, images, replicas, namespaces and name references), restated as data.
 */
import type { FieldSpec } from "./fieldspec.ts";

const APPS_TEMPLATE_KINDS = ["Deployment", "ReplicaSet", "DaemonSet"];

export const metadataLabelSpecs: FieldSpec[] = [
  { path: "metadata/labels", create: true },
  { path: "spec/template/metadata/labels", create: true, version: "v1", kind: "ReplicationController" },
  ...APPS_TEMPLATE_KINDS.map((kind) => ({ path: "spec/template/metadata/labels", create: true, kind })),
  { path: "spec/template/metadata/labels", create: true, group: "apps", kind: "StatefulSet" },
  { path: "spec/template/metadata/labels", create: true, group: "batch", kind: "Job" },
  { path: "spec/jobTemplate/metadata/labels", create: true, group: "batch", kind: "CronJob" },
  { path: "spec/jobTemplate/spec/template/metadata/labels", create: true, group: "batch", kind: "CronJob" },
];

const volumeClaimTemplateLabelSpecs: FieldSpec[] = [
  { path: "spec/volumeClaimTemplates[]/metadata/labels", create: true, group: "apps", kind: "StatefulSet" },
];

const affinity = (group: string, kind: string): FieldSpec[] =>
  [
    "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
  ].map((path) => ({ path, create: false, group, kind }));

/** commonLabels / labels with includeSelectors: selectors, templates and metadata. */
export const commonLabelSpecs: FieldSpec[] = [
  { path: "spec/selector", create: true, version: "v1", kind: "Service" },
  { path: "spec/selector", create: true, version: "v1", kind: "ReplicationController" },
  { path: "spec/selector/matchLabels", create: true, kind: "Deployment" },
  ...affinity("apps", "Deployment"),
  { path: "spec/selector/matchLabels", create: true, kind: "ReplicaSet" },
  { path: "spec/selector/matchLabels", create: true, kind: "DaemonSet" },
  { path: "spec/selector/matchLabels", create: true, group: "apps", kind: "StatefulSet" },
  ...affinity("apps", "StatefulSet"),
  { path: "spec/selector/matchLabels", create: false, group: "batch", kind: "Job" },
  { path: "spec/jobTemplate/spec/selector/matchLabels", create: false, group: "batch", kind: "CronJob" },
  { path: "spec/selector/matchLabels", create: false, group: "policy", kind: "PodDisruptionBudget" },
  { path: "spec/podSelector/matchLabels", create: false, group: "networking.k8s.io", kind: "NetworkPolicy" },
  {
    path: "spec/ingress/from/podSelector/matchLabels",
    create: false,
    group: "networking.k8s.io",
    kind: "NetworkPolicy",
  },
  {
    path: "spec/egress/to/podSelector/matchLabels",
    create: false,
    group: "networking.k8s.io",
    kind: "NetworkPolicy",
  },
  ...metadataLabelSpecs,
  ...volumeClaimTemplateLabelSpecs,
];

/** labels with includeTemplates (and not includeSelectors). */
export const templateLabelSpecs: FieldSpec[] = metadataLabelSpecs;

export const commonAnnotationSpecs: FieldSpec[] = [
  { path: "metadata/annotations", create: true },
  { path: "spec/template/metadata/annotations", create: true, version: "v1", kind: "ReplicationController" },
  ...APPS_TEMPLATE_KINDS.map((kind) => ({ path: "spec/template/metadata/annotations", create: true, kind })),
  { path: "spec/template/metadata/annotations", create: true, kind: "StatefulSet" },
  { path: "spec/template/metadata/annotations", create: true, group: "batch", kind: "Job" },
  { path: "spec/jobTemplate/metadata/annotations", create: true, group: "batch", kind: "CronJob" },
  {
    path: "spec/jobTemplate/spec/template/metadata/annotations",
    create: true,
    group: "batch",
    kind: "CronJob",
  },
];

export const namePrefixSpecs: FieldSpec[] = [{ path: "metadata/name" }];

export const namespaceSpecs: FieldSpec[] = [
  { path: "metadata/name", kind: "Namespace", create: true },
  { path: "spec/service/namespace", group: "apiregistration.k8s.io", kind: "APIService", create: true },
  {
    path: "spec/conversion/webhook/clientConfig/service/namespace",
    group: "apiextensions.k8s.io",
    kind: "CustomResourceDefinition",
  },
];

export const imageSpecs: FieldSpec[] = [
  "spec/containers[]/image",
  "spec/initContainers[]/image",
  "spec/volumes[]/image/reference",
  "spec/template/spec/containers[]/image",
  "spec/template/spec/initContainers[]/image",
  "spec/template/spec/volumes[]/image/reference",
  "spec/jobTemplate/spec/template/spec/volumes[]/image/reference",
].map((path) => ({ path, create: true }));

export const replicaSpecs: FieldSpec[] = [
  "Deployment",
  "ReplicationController",
  "ReplicaSet",
  "StatefulSet",
].map((kind) => ({
  path: "spec/replicas",
  create: true,
  kind,
}));

export interface NameRefEntry {
  group?: string;
  version?: string;
  kind: string;
  fieldSpecs: FieldSpec[];
}

/** Pod spec location per workload kind (Pod's entries also pin version v1). */
const POD_HOLDERS: { kind: string; prefix: string; version?: string }[] = [
  { kind: "Pod", prefix: "spec", version: "v1" },
  { kind: "PodTemplate", prefix: "template/spec" },
  { kind: "Deployment", prefix: "spec/template/spec" },
  { kind: "ReplicaSet", prefix: "spec/template/spec" },
  { kind: "DaemonSet", prefix: "spec/template/spec" },
  { kind: "StatefulSet", prefix: "spec/template/spec" },
  { kind: "Job", prefix: "spec/template/spec" },
  { kind: "CronJob", prefix: "spec/jobTemplate/spec/template/spec" },
];

const podRefs = (suffixes: string[], holders = POD_HOLDERS): FieldSpec[] =>
  holders.flatMap((h) =>
    suffixes.map((s) => ({
      path: `${h.prefix}/${s}`,
      kind: h.kind,
      ...(h.version ? { version: h.version } : {}),
    })),
  );

const CM_SUFFIXES = [
  "volumes/configMap/name",
  "containers/env/valueFrom/configMapKeyRef/name",
  "initContainers/env/valueFrom/configMapKeyRef/name",
  "containers/envFrom/configMapRef/name",
  "initContainers/envFrom/configMapRef/name",
  "volumes/projected/sources/configMap/name",
];
const SECRET_SUFFIXES = [
  "volumes/secret/secretName",
  "containers/env/valueFrom/secretKeyRef/name",
  "initContainers/env/valueFrom/secretKeyRef/name",
  "containers/envFrom/secretRef/name",
  "initContainers/envFrom/secretRef/name",
  "imagePullSecrets/name",
  "volumes/projected/sources/secret/name",
];
const SA_HOLDERS = [
  { kind: "Pod", prefix: "spec" },
  { kind: "StatefulSet", prefix: "spec/template/spec" },
  { kind: "Deployment", prefix: "spec/template/spec" },
  { kind: "ReplicationController", prefix: "spec/template/spec" },
  { kind: "CronJob", prefix: "spec/jobTemplate/spec/template/spec" },
  { kind: "Job", prefix: "spec/template/spec" },
  { kind: "DaemonSet", prefix: "spec/template/spec" },
];

const hpa = (kind: string): NameRefEntry => ({
  kind,
  fieldSpecs: [{ path: "spec/scaleTargetRef/name", kind: "HorizontalPodAutoscaler" }],
});

export const nameReferences: NameRefEntry[] = [
  hpa("Deployment"),
  hpa("ReplicationController"),
  hpa("ReplicaSet"),
  hpa("StatefulSet"),
  {
    kind: "ConfigMap",
    version: "v1",
    fieldSpecs: [
      ...podRefs(CM_SUFFIXES),
      { path: "spec/configSource/configMap", kind: "Node" },
      { path: "rules/resourceNames", kind: "Role" },
      { path: "rules/resourceNames", kind: "ClusterRole" },
      {
        path: "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap",
        kind: "Ingress",
      },
    ],
  },
  {
    kind: "Secret",
    version: "v1",
    fieldSpecs: [
      ...podRefs(SECRET_SUFFIXES),
      { path: "spec/tls/secretName", kind: "Ingress" },
      { path: "metadata/annotations/ingress.kubernetes.io\\/auth-secret", kind: "Ingress" },
      { path: "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret", kind: "Ingress" },
      { path: "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret", kind: "Ingress" },
      { path: "imagePullSecrets/name", kind: "ServiceAccount" },
      { path: "parameters/secretName", kind: "StorageClass" },
      { path: "parameters/adminSecretName", kind: "StorageClass" },
      { path: "parameters/userSecretName", kind: "StorageClass" },
      { path: "parameters/secretRef", kind: "StorageClass" },
      { path: "rules/resourceNames", kind: "Role" },
      { path: "rules/resourceNames", kind: "ClusterRole" },
      {
        path: "spec/template/spec/containers/env/valueFrom/secretKeyRef/name",
        kind: "Service",
        group: "serving.knative.dev",
        version: "v1",
      },
      { path: "spec/azureFile/secretName", kind: "PersistentVolume" },
    ],
  },
  {
    kind: "Service",
    version: "v1",
    fieldSpecs: [
      { path: "spec/serviceName", kind: "StatefulSet", group: "apps" },
      { path: "spec/rules/http/paths/backend/serviceName", kind: "Ingress" },
      { path: "spec/backend/serviceName", kind: "Ingress" },
      { path: "spec/rules/http/paths/backend/service/name", kind: "Ingress" },
      { path: "spec/defaultBackend/service/name", kind: "Ingress" },
      { path: "spec/service/name", kind: "APIService", group: "apiregistration.k8s.io" },
      {
        path: "webhooks/clientConfig/service",
        kind: "ValidatingWebhookConfiguration",
        group: "admissionregistration.k8s.io",
      },
      {
        path: "webhooks/clientConfig/service",
        kind: "MutatingWebhookConfiguration",
        group: "admissionregistration.k8s.io",
      },
    ],
  },
  {
    kind: "Role",
    group: "rbac.authorization.k8s.io",
    fieldSpecs: [{ path: "roleRef/name", kind: "RoleBinding", group: "rbac.authorization.k8s.io" }],
  },
  {
    kind: "ClusterRole",
    group: "rbac.authorization.k8s.io",
    fieldSpecs: [
      { path: "roleRef/name", kind: "RoleBinding", group: "rbac.authorization.k8s.io" },
      { path: "roleRef/name", kind: "ClusterRoleBinding", group: "rbac.authorization.k8s.io" },
    ],
  },
  {
    kind: "ServiceAccount",
    version: "v1",
    fieldSpecs: [
      { path: "subjects", kind: "RoleBinding", group: "rbac.authorization.k8s.io" },
      { path: "subjects", kind: "ClusterRoleBinding", group: "rbac.authorization.k8s.io" },
      ...SA_HOLDERS.map((h) => ({ path: `${h.prefix}/serviceAccountName`, kind: h.kind })),
    ],
  },
  {
    kind: "PersistentVolumeClaim",
    version: "v1",
    fieldSpecs: SA_HOLDERS.filter((h) => h.kind !== "Pod" || true).map((h) => ({
      path: `${h.prefix}/volumes/persistentVolumeClaim/claimName`,
      kind: h.kind,
    })),
  },
  {
    kind: "PersistentVolume",
    version: "v1",
    fieldSpecs: [
      { path: "spec/volumeName", kind: "PersistentVolumeClaim" },
      { path: "rules/resourceNames", kind: "ClusterRole" },
    ],
  },
  {
    kind: "StorageClass",
    version: "v1",
    group: "storage.k8s.io",
    fieldSpecs: [
      { path: "spec/storageClassName", kind: "PersistentVolume" },
      { path: "spec/storageClassName", kind: "PersistentVolumeClaim" },
      { path: "spec/volumeClaimTemplates/spec/storageClassName", kind: "StatefulSet" },
    ],
  },
  {
    kind: "PriorityClass",
    version: "v1",
    group: "scheduling.k8s.io",
    fieldSpecs: SA_HOLDERS.map((h) => ({ path: `${h.prefix}/priorityClassName`, kind: h.kind })),
  },
  {
    kind: "IngressClass",
    version: "v1",
    group: "networking.k8s.io/v1",
    fieldSpecs: [{ path: "spec/ingressClassName", kind: "Ingress" }],
  },
  {
    kind: "ValidatingAdmissionPolicy",
    group: "admissionregistration.k8s.io",
    fieldSpecs: [
      {
        path: "spec/policyName",
        kind: "ValidatingAdmissionPolicyBinding",
        group: "admissionregistration.k8s.io",
      },
    ],
  },
];
