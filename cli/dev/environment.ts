import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { startControlPlane, type ControlPlane } from "../../test/harness/control-plane.ts";

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
    for (const s of stops.reverse()) await s().catch(() => undefined);
    await plane.stop();
  };
  try {
    const kubeconfigPath = join(o.stateDir, "kubeconfig");
    copyFileSync(plane.kubeconfigPath, kubeconfigPath);
    return { plane, kubeconfigPath, components, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
