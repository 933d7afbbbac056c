import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startController } from "../../controller/index.ts";
import { KubeClient } from "../../lib/kube/client.ts";
import { startControlPlane, type ControlPlane } from "../../test/harness/control-plane.ts";
import { RT } from "../../lib/kube/resources.ts";
import { installCrds } from "../../test/harness/crds.ts";

export const clusterResourceNamespace = "cert-manager";

export interface DevComponent {
  name: string;
  detail: string;
}

export interface DevEnvironment {
  plane: ControlPlane;
  /** A stable path (in the state directory) holding the admin kubeconfig. */
  kubeconfigPath: string;
  components: DevComponent[];
  stop(): Promise<void>;
}

export interface DevOptions {
  stateDir: string;
  acme: boolean;
  signal: AbortSignal;
  log: (line: string) => void;
}

/** The local environment behind `certflow dev up`: the test harness's control plane plus certflow's own parts. */
export async function startDevEnvironment(o: DevOptions): Promise<DevEnvironment> {
  const plane = await startControlPlane({ acme: o.acme, baseDir: join(o.stateDir, "runs"), log: o.log });
  const stops: Array<() => Promise<void>> = [];
  const components: DevComponent[] = [];
  const stop = async (): Promise<void> => {
    // A component that does not stop in time must not keep the servers running.
    for (const s of stops.reverse())
      await Promise.race([s().catch(() => undefined), sleep(10_000, undefined, { ref: false })]);
    await plane.stop();
  };
  try {
    const kubeconfigPath = join(o.stateDir, "kubeconfig");
    copyFileSync(plane.kubeconfigPath, kubeconfigPath);
    const client = await KubeClient.create(plane.kubeConfig);
    const crds = await installCrds(client);
    components.push({
      name: "CRDs",
      detail: `${crds.length} installed (cert-manager.io/v1, acme.cert-manager.io/v1)`,
    });
    o.log(`installed ${crds.length} CRDs`);
    // ClusterIssuers read their Secrets from here, as in a cert-manager install.
    await client.apply(
      RT.namespaces,
      { apiVersion: "v1", kind: "Namespace", metadata: { name: clusterResourceNamespace } },
      "certflow",
    );
    const stopController = new AbortController();
    const controller = await startController({
      kubeConfig: plane.kubeConfig,
      clusterResourceNamespace,
      leaderElection: false,
      metricsPort: 0,
      healthPort: 0,
      listenHost: "127.0.0.1",
      signal: stopController.signal,
      log: (l) => o.log(l.startsWith("controller") ? l : `controller: ${l}`),
    });
    stops.push(async () => {
      stopController.abort();
      await controller.stopped;
    });
    components.push({
      name: "controller",
      detail: `running in-process; metrics http://127.0.0.1:${controller.metricsPort ?? "-"}/metrics, cluster resource namespace ${clusterResourceNamespace}`,
    });
    o.log("controller started");
    return { plane, kubeconfigPath, components, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
