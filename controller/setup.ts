import type { Certificate, CertificateRequest, ClusterIssuer, Condition, Issuer } from "../api/types.ts";
import type { KubeClient, KubeObject } from "../lib/kube/client.ts";
import type { EventRecorder } from "../lib/kube/events.ts";
import { Informer, defaultTransform, objectKey } from "../lib/kube/informer.ts";
import { StringPool } from "../lib/kube/intern.ts";
import { RT } from "../lib/kube/resources.ts";
import { ApproverController } from "./certificaterequests/approver/controller.ts";
import { SignerController } from "./certificaterequests/signer.ts";
import { IssuingController } from "./certificates/issuing/controller.ts";
import { KeyManagerController } from "./certificates/keymanager/controller.ts";
import { ReadinessController } from "./certificates/readiness/controller.ts";
import { RequestManagerController } from "./certificates/requestmanager/controller.ts";
import { RevisionManagerController } from "./certificates/revisionmanager/controller.ts";
import { TriggerController } from "./certificates/trigger/controller.ts";
import { secretContents } from "./certificates/policies/parsed.ts";
import { TRIMMED, type ControllerContext, type Ingress, type Secret } from "./context.ts";
import { IngressShimController } from "./ingress-shim/controller.ts";
import { IssuersController } from "./issuers/controller.ts";
import type { Reconciler } from "./runtime/runner.ts";

const FAO = "controller.cert-manager.io/fao";

function ownerUids(o: KubeObject): string[] {
  return (o.metadata.ownerReferences ?? []).filter((r) => r.controller).map((r) => r.uid);
}

/** Annotations with few distinct values across Secrets (the issuer's), worth sharing. */
const SHARED_ANNOTATIONS = new Set([
  "cert-manager.io/issuer-name",
  "cert-manager.io/issuer-kind",
  "cert-manager.io/issuer-group",
]);

/** Shares the low-variety strings every cached object carries (see StringPool). */
function internCommon(pool: StringPool, o: KubeObject): void {
  o.apiVersion = pool.intern(o.apiVersion);
  o.kind = pool.intern(o.kind);
  const m = o.metadata;
  m.namespace = pool.intern(m.namespace);
  pool.internValues(m.labels);
  pool.internValues(m.annotations, (k) => SHARED_ANNOTATIONS.has(k));
  for (const r of m.ownerReferences ?? []) {
    r.apiVersion = pool.intern(r.apiVersion);
    r.kind = pool.intern(r.kind);
  }
}

function internConditions(pool: StringPool, conds: Condition[] | undefined): void {
  for (const c of conds ?? []) {
    c.type = pool.intern(c.type);
    c.status = pool.intern(c.status);
    c.reason = pool.intern(c.reason);
    c.message = pool.intern(c.message);
  }
}

function internIssuerRef(pool: StringPool, ref: { name: string; kind?: string; group?: string }): void {
  ref.name = pool.intern(ref.name);
  ref.kind = pool.intern(ref.kind);
  ref.group = pool.intern(ref.group);
}

function trimCertificate(pool: StringPool, o: KubeObject): Certificate {
  const c = defaultTransform<Certificate>(o);
  internCommon(pool, c);
  if (c.spec) {
    if (c.spec.issuerRef) internIssuerRef(pool, c.spec.issuerRef);
    const pk = c.spec.privateKey;
    if (pk) {
      pk.algorithm = pool.intern(pk.algorithm);
      pk.encoding = pool.intern(pk.encoding);
      pk.rotationPolicy = pool.intern(pk.rotationPolicy);
    }
    if (c.spec.usages) c.spec.usages = c.spec.usages.map((u) => pool.intern(u));
  }
  internConditions(pool, c.status?.conditions);
  return c;
}

/**
 * Cached Secrets keep only what the policies read on every reconcile (tls.crt, tls.key); other
 * entries (ca.crt, keystores, output formats) keep their key with an empty value, so their
 * presence can still be checked, and are read live on the rare occasion they are needed.
 */
function trimSecret(pool: StringPool, o: KubeObject): Secret {
  const s = defaultTransform<Secret>(o);
  internCommon(pool, s);
  s.type = pool.intern(s.type);
  if (!s.data) return s;
  // Temporary next-key Secrets keep their key (the issuance path signs with it); for the others
  // the policies need only the parsed summary, made here once and memoised on this object.
  const temporaryKey = s.metadata.labels?.["cert-manager.io/next-private-key"] === "true";
  if (!temporaryKey) secretContents(s);
  for (const k of Object.keys(s.data)) {
    if (temporaryKey && k === "tls.key") continue;
    s.data[k] = s.data[k] ? TRIMMED : "";
  }
  return s;
}

/** Issued requests drop their PEM payloads from the cache; the issuing controller reads them live. */
function trimRequest(pool: StringPool, o: KubeObject): CertificateRequest {
  const cr = defaultTransform<CertificateRequest>(o);
  internCommon(pool, cr);
  if (cr.spec?.issuerRef) internIssuerRef(pool, cr.spec.issuerRef);
  if (cr.spec?.usages) cr.spec.usages = cr.spec.usages.map((u) => pool.intern(u));
  internConditions(pool, cr.status?.conditions);
  if (cr.status?.certificate) cr.status.certificate = TRIMMED;
  if (cr.status?.ca) cr.status.ca = TRIMMED;
  return cr;
}

export interface ContextOptions {
  namespace?: string;
  clusterResourceNamespace: string;
  minBackoffMs: number;
  maxBackoffMs: number;
  ingresses: boolean;
  enableCertificateOwnerRef?: boolean;
  log: (line: string) => void;
  now?: () => Date;
}

/** Builds the informers (not yet running) and the context the reconcilers share. */
export function buildContext(
  client: KubeClient,
  events: EventRecorder,
  o: ContextOptions,
): ControllerContext {
  const io = { namespace: o.namespace, log: o.log };
  const pool = new StringPool();
  const certificates = new Informer<Certificate>(client, RT.certificates, {
    ...io,
    transform: (x) => trimCertificate(pool, x),
  });
  const requests = new Informer<CertificateRequest>(client, RT.certificateRequests, {
    ...io,
    transform: (x) => trimRequest(pool, x),
  });
  const issuers = new Informer<Issuer>(client, RT.issuers, io);
  // Namespaced mode serves no ClusterIssuers (as cert-manager): watch a name that cannot exist.
  const clusterIssuers = new Informer<ClusterIssuer>(client, RT.clusterIssuers, {
    log: o.log,
    ...(o.namespace ? { labelSelector: "certflow.io/namespaced-mode-never-matches=true" } : {}),
  });
  const secrets = new Informer<Secret>(client, RT.secrets, {
    ...io,
    labelSelector: FAO,
    transform: (x) => trimSecret(pool, x),
  });
  const secretMeta = new Informer<KubeObject>(client, RT.secrets, {
    ...io,
    labelSelector: `!${FAO}`,
    metadataOnly: true,
  });
  const ingresses = o.ingresses ? new Informer<Ingress>(client, RT.ingresses, io) : undefined;

  certificates.addIndex("secretName", (c) => [`${c.metadata.namespace}/${c.spec.secretName}`]);
  certificates.addIndex("owner", ownerUids);
  certificates.addIndex("uid", (c) => (c.metadata.uid ? [c.metadata.uid] : []));
  certificates.addIndex("keystorePassword", (c) =>
    [c.spec.keystores?.jks?.passwordSecretRef?.name, c.spec.keystores?.pkcs12?.passwordSecretRef?.name]
      .filter((n): n is string => !!n)
      .map((n) => `${c.metadata.namespace}/${n}`),
  );
  requests.addIndex("owner", ownerUids);
  requests.addIndex("issuer", (cr) => {
    const kind = cr.spec.issuerRef.kind || "Issuer";
    return [`${kind}/${kind === "ClusterIssuer" ? "" : cr.metadata.namespace}/${cr.spec.issuerRef.name}`];
  });
  secrets.addIndex("owner", ownerUids);
  issuers.addIndex("caSecret", (i) => (i.spec.ca ? [`${i.metadata.namespace}/${i.spec.ca.secretName}`] : []));
  clusterIssuers.addIndex("caSecret", (i) =>
    i.spec.ca ? [`${o.clusterResourceNamespace}/${i.spec.ca.secretName}`] : [],
  );

  return {
    client,
    certificates,
    requests,
    issuers,
    clusterIssuers,
    secrets,
    secretMeta,
    ingresses,
    events,
    now: o.now ?? (() => new Date()),
    clusterResourceNamespace: o.clusterResourceNamespace,
    fieldManager: "certflow",
    minBackoffMs: o.minBackoffMs,
    maxBackoffMs: o.maxBackoffMs,
    enableCertificateOwnerRef: o.enableCertificateOwnerRef ?? false,
    log: o.log,
  };
}

export interface WiredReconciler {
  kind: "certificate" | "request" | "issuer" | "clusterissuer" | "ingress";
  reconciler: Reconciler;
}

/** Creates the reconcilers and routes informer events to their queues. */
export function wireControllers(
  ctx: ControllerContext,
  o: { approver: boolean; ingressShim: boolean },
): WiredReconciler[] {
  const certCtrls: Reconciler[] = [
    new TriggerController(ctx),
    new KeyManagerController(ctx),
    new RequestManagerController(ctx),
    new IssuingController(ctx),
    new ReadinessController(ctx),
    new RevisionManagerController(ctx),
  ];
  const signer = new SignerController(ctx);
  const requestCtrls: Reconciler[] = [signer, ...(o.approver ? [new ApproverController(ctx)] : [])];
  const issuerCtrl = new IssuersController(ctx, "Issuer");
  const clusterIssuerCtrl = new IssuersController(ctx, "ClusterIssuer");
  const shim = o.ingressShim && ctx.ingresses ? new IngressShimController(ctx) : undefined;

  const enqueueCert = (key: string): void => certCtrls.forEach((c) => c.queue.add(key));
  const enqueueCertByUid = (uid: string): void => {
    for (const cert of ctx.certificates.byIndex("uid", uid)) enqueueCert(objectKey(cert));
  };
  const onCert = (c: Certificate): void => {
    enqueueCert(objectKey(c));
    // A Certificate the shim made names its Ingress in its controller reference.
    if (shim)
      for (const r of c.metadata.ownerReferences ?? [])
        if (r.controller && r.kind === "Ingress") shim.queue.add(`${c.metadata.namespace}/${r.name}`);
  };
  ctx.certificates.on({ add: onCert, update: (_, n) => onCert(n), delete: onCert });

  const onRequest = (cr: CertificateRequest): void => {
    requestCtrls.forEach((c) => c.queue.add(objectKey(cr)));
    for (const uid of ownerUids(cr as KubeObject)) enqueueCertByUid(uid);
  };
  ctx.requests.on({ add: onRequest, update: (_, n) => onRequest(n), delete: onRequest });

  const onSecret = (s: KubeObject): void => {
    const ns = s.metadata.namespace ?? "";
    for (const c of ctx.certificates.byIndex("secretName", `${ns}/${s.metadata.name}`))
      enqueueCert(objectKey(c));
    for (const c of ctx.certificates.byIndex("keystorePassword", `${ns}/${s.metadata.name}`))
      enqueueCert(objectKey(c));
    for (const uid of ownerUids(s)) {
      if (ctx.certificates.byIndex("uid", uid).length === 0) continue;
      enqueueCertByUid(uid);
      // SelfSigned requests wait for their key Secret.
      for (const cr of ctx.requests.byIndex("owner", uid)) signer.queue.add(objectKey(cr));
    }
    for (const i of ctx.issuers.byIndex("caSecret", `${ns}/${s.metadata.name}`))
      issuerCtrl.queue.add(objectKey(i));
    for (const i of ctx.clusterIssuers.byIndex("caSecret", `${ns}/${s.metadata.name}`))
      clusterIssuerCtrl.queue.add(objectKey(i));
  };
  for (const inf of [ctx.secrets, ctx.secretMeta] as Informer<KubeObject>[])
    inf.on({ add: onSecret, update: (_, n) => onSecret(n), delete: onSecret });

  const onIssuer =
    (kind: "Issuer" | "ClusterIssuer") =>
    (i: Issuer | ClusterIssuer): void => {
      (kind === "Issuer" ? issuerCtrl : clusterIssuerCtrl).queue.add(objectKey(i));
      const idx = `${kind}/${kind === "Issuer" ? i.metadata.namespace : ""}/${i.metadata.name}`;
      for (const cr of ctx.requests.byIndex("issuer", idx)) signer.queue.add(objectKey(cr));
    };
  ctx.issuers.on({
    add: onIssuer("Issuer"),
    update: (_, n) => onIssuer("Issuer")(n),
    delete: onIssuer("Issuer"),
  });
  ctx.clusterIssuers.on({
    add: onIssuer("ClusterIssuer"),
    update: (_, n) => onIssuer("ClusterIssuer")(n),
    delete: onIssuer("ClusterIssuer"),
  });
  if (shim && ctx.ingresses) {
    const onIng = (i: Ingress): void => shim.queue.add(objectKey(i));
    ctx.ingresses.on({ add: onIng, update: (_, n) => onIng(n), delete: onIng });
  }

  return [
    ...certCtrls.map((reconciler) => ({ kind: "certificate" as const, reconciler })),
    ...requestCtrls.map((reconciler) => ({ kind: "request" as const, reconciler })),
    { kind: "issuer", reconciler: issuerCtrl },
    { kind: "clusterissuer", reconciler: clusterIssuerCtrl },
    ...(shim ? [{ kind: "ingress" as const, reconciler: shim }] : []),
  ];
}
