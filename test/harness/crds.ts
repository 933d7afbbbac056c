import { setTimeout as sleep } from "node:timers/promises";
import { generateCrds } from "../../api/index.ts";
import type { KubeClient, KubeObject } from "../../lib/kube/client.ts";
import { RT } from "../../lib/kube/resources.ts";

type Crd = KubeObject & { status?: { conditions?: { type: string; status: string }[] } };

/** Server-side applies certflow's CRDs and waits until the apiserver serves every one of them. */
export async function installCrds(
  client: KubeClient,
  fieldManager = "certflow",
  timeoutMs = 30_000,
): Promise<string[]> {
  const crds = generateCrds() as unknown as Crd[];
  for (const crd of crds) await client.apply(RT.crds, crd, fieldManager);
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(crds.map((c) => c.metadata.name ?? ""));
  while (pending.size > 0) {
    for (const name of [...pending]) {
      const c = await client.get<Crd>(RT.crds, undefined, name);
      if (c.status?.conditions?.some((x) => x.type === "Established" && x.status === "True"))
        pending.delete(name);
    }
    if (pending.size === 0) break;
    if (Date.now() > deadline)
      throw new Error(`CRDs not established after ${timeoutMs} ms: ${[...pending].join(", ")}`);
    await sleep(100);
  }
  // Established can precede the first successful list by a moment; wait until a list works.
  for (;;) {
    try {
      await client.request("GET", "/apis/cert-manager.io/v1/certificates?limit=1");
      await client.request("GET", "/apis/acme.cert-manager.io/v1/orders?limit=1");
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(100);
    }
  }
  return crds.map((c) => c.metadata.name ?? "");
}
