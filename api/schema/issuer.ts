import { arr, bool, bytes, enumStr, obj, str, strList, type JSONSchemaProps } from "./dsl.ts";
import { EAB_KEY_ALGORITHMS, RENEWAL_INFORMATION_SOURCES } from "./enums.ts";
import { conditions, localObjectReference, secretKeySelector, serviceAccountRef } from "./meta.ts";
import { acmeChallengeSolver } from "./solver.ts";

function acme(): JSONSchemaProps {
  return obj(
    {
      caBundle: bytes("PEM CA bundle for the ACME server's TLS."),
      disableAccountKeyGeneration: bool(),
      email: str("Account contact email."),
      enableDurationFeature: bool(),
      externalAccountBinding: obj(
        {
          keyAlgorithm: enumStr(EAB_KEY_ALGORITHMS, "Deprecated, ignored."),
          keyID: str(),
          keySecretRef: secretKeySelector(),
        },
        ["keyID", "keySecretRef"],
      ),
      preferredChain: str("Issuer common name of the preferred chain root.", { maxLength: 64 }),
      privateKeySecretRef: secretKeySelector("Secret holding the ACME account key."),
      profile: str("ACME profile requested on new orders."),
      renewalInformationSource: enumStr(RENEWAL_INFORMATION_SOURCES, "ARI (default) or None.", {
        default: "ARI",
      }),
      server: str("ACME directory URL."),
      skipTLSVerify: bool(),
      solvers: arr(acmeChallengeSolver(), "Challenge solvers."),
    },
    ["privateKeySecretRef", "server"],
    "ACME issuer.",
  );
}

function vault(): JSONSchemaProps {
  return obj(
    {
      auth: obj(
        {
          appRole: obj({ path: str(), roleId: str(), secretRef: secretKeySelector() }, [
            "path",
            "roleId",
            "secretRef",
          ]),
          aws: obj(
            {
              iamRoleArn: str(),
              mountPath: str(),
              region: str(),
              role: str(undefined, { minLength: 1 }),
              serviceAccountRef: serviceAccountRef(),
              vaultHeaderValue: str(),
            },
            ["role"],
          ),
          clientCertificate: obj({ mountPath: str(), name: str(), secretName: str() }),
          kubernetes: obj(
            {
              mountPath: str(),
              role: str(),
              secretRef: secretKeySelector(),
              serviceAccountRef: serviceAccountRef(),
            },
            ["role"],
          ),
          tokenSecretRef: secretKeySelector(),
        },
        [],
        "How to authenticate with Vault.",
      ),
      caBundle: bytes(),
      caBundleSecretRef: secretKeySelector(),
      clientCertSecretRef: secretKeySelector(),
      clientKeySecretRef: secretKeySelector(),
      namespace: str(),
      path: str("Vault signing path, e.g. pki/sign/role."),
      server: str("Vault server URL."),
      serverName: str(),
    },
    ["auth", "path", "server"],
    "Vault issuer.",
  );
}

function venafi(): JSONSchemaProps {
  return obj(
    {
      cloud: obj({ apiTokenSecretRef: secretKeySelector(), url: str() }, ["apiTokenSecretRef"]),
      ngts: obj({ credentialsRef: localObjectReference(), tokenEndpoint: str(), tsgID: str(), url: str() }, [
        "credentialsRef",
        "tsgID",
      ]),
      tpp: obj(
        {
          caBundle: bytes(),
          caBundleSecretRef: secretKeySelector(),
          credentialsRef: localObjectReference(),
          url: str(),
        },
        ["credentialsRef", "url"],
      ),
      zone: str(),
    },
    ["zone"],
    "Venafi / CyberArk Certificate Manager issuer.",
    {
      "x-kubernetes-validations": [
        {
          rule: "(has(self.tpp) ? 1 : 0) + (has(self.cloud) ? 1 : 0) + (has(self.ngts) ? 1 : 0) == 1",
          message: "exactly one of tpp, cloud, or ngts must be configured",
        },
      ],
    },
  );
}

export function issuerSpec(): JSONSchemaProps {
  return obj(
    {
      acme: acme(),
      ca: obj(
        {
          crlDistributionPoints: strList(),
          issuingCertificateURLs: strList(),
          ocspServers: strList(),
          secretName: str("Secret with tls.crt and tls.key of the CA."),
        },
        ["secretName"],
        "CA issuer.",
      ),
      selfSigned: obj({ crlDistributionPoints: strList() }, [], "Self-signed issuer."),
      vault: vault(),
      venafi: venafi(),
    },
    [],
    "Desired state of the issuer: exactly one issuer type.",
  );
}

export function issuerStatus(): JSONSchemaProps {
  return obj(
    {
      acme: obj({ lastPrivateKeyHash: str(), lastRegisteredEmail: str(), uri: str() }),
      conditions: conditions(true),
    },
    [],
    "Observed state of the issuer.",
  );
}
