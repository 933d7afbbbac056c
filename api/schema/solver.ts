import {
  anyJSON,
  anyObject,
  arr,
  enumStr,
  int,
  obj,
  str,
  strList,
  strMap,
  type JSONSchemaProps,
} from "./dsl.ts";
import { AZURE_ENVIRONMENTS, AZURE_ZONE_TYPES, CNAME_STRATEGIES, RFC2136_PROTOCOLS } from "./enums.ts";
import { objectMetaTemplate, secretKeySelector, serviceAccountRef } from "./meta.ts";

function podTemplate(): JSONSchemaProps {
  return obj(
    {
      metadata: objectMetaTemplate(),
      spec: obj({
        affinity: anyObject("Pod affinity (core/v1 Affinity)."),
        imagePullSecrets: arr(obj({ name: str() })),
        nodeSelector: strMap(),
        priorityClassName: str(),
        resources: obj({
          limits: {
            type: "object",
            additionalProperties: {
              "x-kubernetes-int-or-string": true,
              pattern:
                "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$",
            },
          },
          requests: {
            type: "object",
            additionalProperties: {
              "x-kubernetes-int-or-string": true,
              pattern:
                "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$",
            },
          },
        }),
        securityContext: anyObject("Pod security context (subset of core/v1 PodSecurityContext)."),
        serviceAccountName: str(),
        tolerations: arr(
          obj({
            effect: str(),
            key: str(),
            operator: str(),
            tolerationSeconds: int(undefined, { format: "int64" }),
            value: str(),
          }),
        ),
      }),
    },
    [],
    "Overrides for the solver pod.",
  );
}

function parentRef(): JSONSchemaProps {
  return obj(
    {
      group: str(undefined, {
        default: "gateway.networking.k8s.io",
        maxLength: 253,
        pattern: "^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
      }),
      kind: str(undefined, {
        default: "Gateway",
        maxLength: 63,
        minLength: 1,
        pattern: "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$",
      }),
      name: str(undefined, { maxLength: 253, minLength: 1 }),
      namespace: str(undefined, { maxLength: 63, minLength: 1, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" }),
      port: int(undefined, { format: "int32", maximum: 65535, minimum: 1 }),
      sectionName: str(undefined, {
        maxLength: 253,
        minLength: 1,
        pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
      }),
    },
    ["name"],
  );
}

function http01(): JSONSchemaProps {
  return obj(
    {
      gatewayHTTPRoute: obj(
        {
          labels: strMap("Labels added to the HTTPRoute."),
          parentRefs: arr(parentRef(), "Gateways the HTTPRoute attaches to."),
          podTemplate: podTemplate(),
          serviceType: str("NodePort (default) or ClusterIP."),
        },
        [],
        "Solve with a Gateway API HTTPRoute.",
      ),
      ingress: obj(
        {
          class: str("Value of the kubernetes.io/ingress.class annotation."),
          ingressClassName: str("spec.ingressClassName of the solver Ingress."),
          ingressTemplate: obj({ metadata: objectMetaTemplate() }),
          name: str("Edit this existing Ingress instead of creating one."),
          podTemplate: podTemplate(),
          serviceType: str("NodePort (default) or ClusterIP."),
        },
        [],
        "Solve with an Ingress.",
      ),
    },
    [],
    "HTTP-01 challenge solver.",
  );
}

function dns01(): JSONSchemaProps {
  return obj(
    {
      acmeDNS: obj({ accountSecretRef: secretKeySelector(), host: str() }, ["accountSecretRef", "host"]),
      akamai: obj(
        {
          accessTokenSecretRef: secretKeySelector(),
          clientSecretSecretRef: secretKeySelector(),
          clientTokenSecretRef: secretKeySelector(),
          serviceConsumerDomain: str(),
        },
        ["accessTokenSecretRef", "clientSecretSecretRef", "clientTokenSecretRef", "serviceConsumerDomain"],
      ),
      azureDNS: obj(
        {
          clientID: str(),
          clientSecretSecretRef: secretKeySelector(),
          environment: enumStr(AZURE_ENVIRONMENTS),
          hostedZoneName: str(),
          managedIdentity: obj({ clientID: str(), resourceID: str(), tenantID: str() }),
          resourceGroupName: str(),
          subscriptionID: str(),
          tenantID: str(),
          zoneType: enumStr(AZURE_ZONE_TYPES),
        },
        ["resourceGroupName", "subscriptionID"],
      ),
      cloudDNS: obj({ hostedZoneName: str(), project: str(), serviceAccountSecretRef: secretKeySelector() }, [
        "project",
      ]),
      cloudflare: obj({
        apiKeySecretRef: secretKeySelector(),
        apiTokenSecretRef: secretKeySelector(),
        email: str(),
      }),
      cnameStrategy: enumStr(CNAME_STRATEGIES, "Follow CNAMEs of _acme-challenge records."),
      digitalocean: obj({ tokenSecretRef: secretKeySelector() }, ["tokenSecretRef"]),
      nameservers: strList("DNS servers (host:port or https:// DoH) used for the propagation check."),
      rfc2136: obj(
        {
          nameserver: str(),
          protocol: enumStr(RFC2136_PROTOCOLS),
          tsigAlgorithm: str(),
          tsigKeyName: str(),
          tsigSecretSecretRef: secretKeySelector(),
        },
        ["nameserver"],
      ),
      route53: obj({
        accessKeyID: str(),
        accessKeyIDSecretRef: secretKeySelector(),
        auth: obj({ kubernetes: obj({ serviceAccountRef: serviceAccountRef() }, ["serviceAccountRef"]) }, [
          "kubernetes",
        ]),
        hostedZoneID: str(),
        region: str(),
        role: str(),
        secretAccessKeySecretRef: secretKeySelector(),
      }),
      webhook: obj(
        { config: anyJSON("Solver-specific configuration."), groupName: str(), solverName: str() },
        ["groupName", "solverName"],
      ),
    },
    [],
    "DNS-01 challenge solver.",
  );
}

export function acmeChallengeSolver(): JSONSchemaProps {
  return obj(
    {
      dns01: dns01(),
      http01: http01(),
      selector: obj(
        { dnsNames: strList(), dnsZones: strList(), matchLabels: strMap() },
        [],
        "Which domains and Certificates this solver handles.",
      ),
      waitInsteadOfSelfCheck: str("Wait this long instead of running the self check."),
    },
    [],
    "One ACME challenge solver.",
  );
}
