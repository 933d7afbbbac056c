import { arr, bool, bytes, dateTime, enumStr, obj, str, strList, type JSONSchemaProps } from "./dsl.ts";
import { CHALLENGE_TYPES, ORDER_STATES } from "./enums.ts";
import { issuerRef } from "./meta.ts";
import { acmeChallengeSolver } from "./solver.ts";

export function orderSpec(): JSONSchemaProps {
  return obj(
    {
      commonName: str(),
      dnsNames: strList(),
      duration: str(),
      ipAddresses: strList(),
      issuerRef: issuerRef(),
      profile: str(),
      replaces: str("ARI CertID of the certificate this order replaces."),
      request: bytes("PEM CSR."),
    },
    ["issuerRef", "request"],
  );
}

export function orderStatus(): JSONSchemaProps {
  return obj({
    authorizations: arr(
      obj(
        {
          challenges: arr(obj({ token: str(), type: str(), url: str() }, ["token", "type", "url"])),
          identifier: str(),
          initialState: enumStr(ORDER_STATES),
          url: str(),
          wildcard: bool(),
        },
        ["url"],
      ),
    ),
    certificate: bytes(),
    failureTime: dateTime(),
    finalizeURL: str(),
    reason: str(),
    state: enumStr(ORDER_STATES),
    url: str(),
  });
}

export function challengeSpec(): JSONSchemaProps {
  return obj(
    {
      authorizationURL: str(),
      dnsName: str(),
      issuerRef: issuerRef(),
      key: str(),
      solver: acmeChallengeSolver(),
      token: str(),
      type: enumStr(CHALLENGE_TYPES),
      url: str(),
      wildcard: bool(),
    },
    ["authorizationURL", "dnsName", "issuerRef", "key", "solver", "token", "type", "url"],
  );
}

export function challengeStatus(): JSONSchemaProps {
  return obj({
    presented: bool(),
    presentedAt: dateTime(),
    processing: bool(),
    reason: str(),
    state: enumStr(ORDER_STATES),
  });
}
