/** PEM armour: encode DER blocks and split PEM bundles. */

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

export interface PemBlock {
  label: string;
  der: Buffer;
}

/** All PEM blocks in the text, in order; text between blocks is ignored, as Go's pem.Decode does. */
export function decodePemBlocks(text: string | Buffer): PemBlock[] {
  const s = typeof text === "string" ? text : text.toString("latin1");
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const body = (m[2] ?? "").replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) continue;
    out.push({ label: m[1] ?? "", der: Buffer.from(body, "base64") });
  }
  return out;
}

export function certificatesFromPem(text: string | Buffer): Buffer[] {
  return decodePemBlocks(text)
    .filter((b) => b.label === "CERTIFICATE")
    .map((b) => b.der);
}
