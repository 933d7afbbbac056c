import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyAcmeServer } from "./acme-directory.ts";

test("classifyAcmeServer knows public CAs and spots test hosts", () => {
  const cases: [string, string][] = [
    ["https://acme-v02.api.letsencrypt.org/directory", "production"],
    ["https://acme-v02.api.letsencrypt.org/directory/", "production"],
    ["https://acme-staging-v02.api.letsencrypt.org/directory", "staging"],
    ["https://dv.acme-v02.test-api.pki.goog/directory", "staging"],
    ["https://acme.zerossl.com/v2/DV90", "production"],
    ["https://pebble.test-infra.svc:14000/dir", "staging"],
    ["https://localhost:14000/dir", "staging"],
    ["https://ca.internal.example.com/acme/acme/directory", "unknown"],
    ["not a url", "unknown"],
  ];
  for (const [url, want] of cases) assert.equal(classifyAcmeServer(url), want, url);
  assert.equal(
    classifyAcmeServer("https://ca.internal.example.com/acme/directory", {
      production: [],
      staging: ["https://ca.internal.example.com/acme/directory"],
    }),
    "staging",
  );
});
