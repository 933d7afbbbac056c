import { writeFileSync } from "node:fs";
import { KubeConfig } from "@kubernetes/client-node";
import { stringify } from "yaml";

export interface KubeconfigInput {
  server: string;
  caData: string;
  token: string;
  name?: string;
}

export function kubeconfigYaml(i: KubeconfigInput): string {
  const name = i.name ?? "certflow-dev";
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name,
        cluster: { server: i.server, "certificate-authority-data": Buffer.from(i.caData).toString("base64") },
      },
    ],
    users: [{ name: `${name}-admin`, user: { token: i.token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: "default" } }],
    "current-context": name,
  });
}

/** Writes the kubeconfig (owner-readable only: it holds an admin token) and loads it. */
export function writeKubeconfig(path: string, i: KubeconfigInput): KubeConfig {
  writeFileSync(path, kubeconfigYaml(i), { mode: 0o600 });
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}
