/** The benchmark's input: a stream of mixed cert-manager and core documents, deterministic. */

const certificate = (i: number): string => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: app-${i}
  namespace: team-${i % 50}
  labels:
    app.kubernetes.io/name: app-${i}
spec:
  secretName: app-${i}-tls
  duration: 2160h
  renewBefore: 360h
  issuerRef:
    name: ${i % 3 === 0 ? "internal-ca" : "letsencrypt-prod"}
    kind: ClusterIssuer
  privateKey:
    algorithm: ECDSA
    size: 256
    rotationPolicy: Always
  usages:
  - digital signature
  - key encipherment
  - server auth
  dnsNames:
  - app-${i}.example.com
  - www.app-${i}.example.com
`;

const issuer = (i: number): string => `apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: acme-${i}
  namespace: team-${i % 50}
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    email: ops@example.com
    privateKeySecretRef:
      name: acme-${i}-account
    solvers:
    - http01:
        ingress:
          ingressClassName: nginx
    - selector:
        dnsZones: [example.com]
      dns01:
        route53:
          region: us-east-1
          hostedZoneID: Z0123456789
`;

const ingress = (i: number): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-${i}
  namespace: team-${i % 50}
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt-prod
spec:
  ingressClassName: nginx
  tls:
  - hosts:
    - web-${i}.example.com
    secretName: web-${i}-tls
  rules:
  - host: web-${i}.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web-${i}
            port:
              number: 8080
`;

const secret = (i: number): string => `apiVersion: v1
kind: Secret
metadata:
  name: creds-${i}
  namespace: team-${i % 50}
type: Opaque
stringData:
  username: user-${i}
`;

const configMap = (i: number): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: config-${i}
  namespace: team-${i % 50}
data:
  LOG_LEVEL: info
  FEATURE_X: "true"
`;

const HEAD = `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt-prod
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    privateKeySecretRef:
      name: letsencrypt-prod-key
    solvers:
    - http01:
        ingress:
          class: nginx
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: internal-ca
spec:
  ca:
    secretName: internal-ca-keypair
`;

/** 40% Certificate, 10% Issuer, 20% Ingress, 15% Secret, 15% ConfigMap (+2 ClusterIssuers). */
export function corpus(n: number): string {
  const parts = [HEAD];
  for (let i = 0; i < n - 2; i++) {
    const k = i % 20;
    const gen = k < 8 ? certificate : k < 10 ? issuer : k < 14 ? ingress : k < 17 ? secret : configMap;
    parts.push(gen(i));
  }
  return parts.join("---\n");
}
