import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { signCertificate } from "./certificate.ts";
import { emptySans } from "./extensions.ts";
import { encodeJksKeystore } from "./jks.ts";
import { generatePrivateKey, privateKeyToPkcs8Der, spkiDer } from "./keys.ts";
import { encodeName } from "./name.ts";
import { encodePkcs12Keystore, encodePkcs12Truststore, pkcs12Kdf } from "./pkcs12.ts";

const dir = mkdtempSync(join(tmpdir(), "certflow-keystores-"));
const has = (bin: string): boolean => spawnSync(bin, ["-help"], { stdio: "ignore" }).error === undefined;

async function pair(): Promise<{ pkcs8: Buffer; der: Buffer }> {
  const key = await generatePrivateKey({ algorithm: "ECDSA", size: 256 });
  const s = encodeName({ commonName: "keystore test" });
  const der = signCertificate(
    {
      subjectRaw: s,
      spki: spkiDer(key),
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 86_400_000),
      sans: emptySans(),
      sanCritical: false,
      keyUsage: [0],
      extKeyUsage: [],
      isCA: true,
    },
    { subjectRaw: s, key },
  );
  return { pkcs8: privateKeyToPkcs8Der(key), der };
}

describe("keystores", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("PKCS#12 KDF matches RFC 7292 test output (OpenSSL's known vector)", () => {
    // From OpenSSL's test/recipes (PKCS12 KDF, SHA-1, password "smeg", id 1, 1 iteration).
    const out = pkcs12Kdf("sha1", "smeg", Buffer.from("0A58CF64530D823F", "hex"), 1, 1, 24);
    assert.equal(out.toString("hex").toUpperCase(), "8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3");
  });

  for (const profile of ["LegacyRC2", "LegacyDES", "Modern2023"] as const) {
    test(
      `PKCS#12 ${profile} opens with OpenSSL`,
      { skip: !has("openssl") && "openssl not installed" },
      async () => {
        const { pkcs8, der } = await pair();
        const f = join(dir, `k-${profile}.p12`);
        writeFileSync(f, encodePkcs12Keystore(pkcs8, der, [der], "s3cret", profile));
        const r = spawnSync("openssl", ["pkcs12", "-in", f, "-passin", "pass:s3cret", "-nodes", "-legacy"], {
          encoding: "utf8",
        });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.match(/BEGIN CERTIFICATE/g)?.length, 2);
        assert.match(r.stdout, /BEGIN PRIVATE KEY/);
        const t = join(dir, `t-${profile}.p12`);
        writeFileSync(t, encodePkcs12Truststore([der], "s3cret", profile));
        assert.equal(
          spawnSync("openssl", ["pkcs12", "-in", t, "-passin", "pass:s3cret", "-nokeys", "-legacy"]).status,
          0,
        );
        const wrong = spawnSync("openssl", ["pkcs12", "-in", f, "-passin", "pass:nope", "-nodes", "-legacy"]);
        assert.notEqual(wrong.status, 0);
      },
    );
  }

  test(
    "JKS opens with keytool and the key is recoverable",
    { skip: !has("keytool") && "keytool not installed" },
    async () => {
      const { pkcs8, der } = await pair();
      const f = join(dir, "k.jks");
      writeFileSync(f, encodeJksKeystore(pkcs8, [der], [der], "changeit"));
      const list = spawnSync(
        "keytool",
        ["-list", "-keystore", f, "-storepass", "changeit", "-storetype", "JKS"],
        { encoding: "utf8" },
      );
      assert.equal(list.status, 0, list.stdout + list.stderr);
      assert.match(list.stdout, /certificate,.*PrivateKeyEntry/);
      assert.match(list.stdout, /ca,.*trustedCertEntry/);
      const conv = spawnSync(
        "keytool",
        [
          "-importkeystore",
          "-srckeystore",
          f,
          "-srcstorepass",
          "changeit",
          "-destkeystore",
          join(dir, "c.p12"),
          "-deststoretype",
          "PKCS12",
          "-deststorepass",
          "changeit",
          "-noprompt",
        ],
        { encoding: "utf8" },
      );
      assert.equal(conv.status, 0, conv.stdout + conv.stderr);
    },
  );
});
