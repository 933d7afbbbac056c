import { spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { UsageError, type CliIO, type Command } from "../command.ts";
import { reapStaleRunDirs } from "../../test/harness/run-dir.ts";
import { startDevEnvironment, type DevEnvironment } from "../dev/environment.ts";

interface DevState {
  pid: number;
  status: "starting" | "ready" | "failed";
  kubeconfig?: string;
  server?: string;
  acmeDirectory?: string;
  error?: string;
  logFile: string;
}

export function devStateDir(env: NodeJS.ProcessEnv): string {
  if (env["CERTFLOW_STATE_DIR"]) return resolve(env["CERTFLOW_STATE_DIR"]);
  const stateHome = env["XDG_STATE_HOME"] ?? join(env["HOME"] ?? homedir(), ".local", "state");
  return join(stateHome, "certflow", "dev");
}

function readState(dir: string): DevState | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as DevState;
  } catch {
    return undefined;
  }
}

function writeState(dir: string, state: DevState): void {
  const tmp = join(dir, `.state.${process.pid}.json`);
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  // rename is atomic: a reader never sees half a file
  renameSync(tmp, join(dir, "state.json"));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const usage = `certflow dev up [--detach] [--no-acme] [--state-dir DIR]
       certflow dev down [--state-dir DIR]
       certflow dev status [--state-dir DIR]

  up        start a local Kubernetes control plane (etcd + kube-apiserver, built once and cached),
            Pebble (a local ACME server), certflow's CRDs and controller; Ctrl-C stops it all.
  --detach  return once everything is ready and keep it running in the background; the last line
            printed is 'export KUBECONFIG=<path>' so scripts can eval it.
  down      stop a detached environment and remove its data.
  status    say whether a detached environment is running.`;

export const devCommand: Command = {
  name: "dev",
  summary: "Run a local control plane with certflow in it, for trying certflow without a cluster.",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        detach: { type: "boolean", default: false },
        "no-acme": { type: "boolean", default: false },
        "state-dir": { type: "string" },
        daemon: { type: "boolean", default: false }, // internal: the background half of --detach
      },
    });
    const sub = positionals[0];
    const stateDir = values["state-dir"] ? resolve(io.cwd, values["state-dir"]) : devStateDir(io.env);
    const acme = !values["no-acme"];
    switch (sub) {
      case "up":
        if (values.daemon) return daemon(stateDir, acme, io);
        return values.detach ? upDetached(stateDir, acme, io) : upForeground(stateDir, acme, io);
      case "down":
        return down(stateDir, io);
      case "status":
        return status(stateDir, io);
      default:
        throw new UsageError(`expected 'up', 'down' or 'status'\n\nUsage: ${usage}`);
    }
  },
};

function refuseIfRunning(stateDir: string, io: CliIO): boolean {
  const st = readState(stateDir);
  if (st && alive(st.pid)) {
    io.stderr.write(
      `certflow dev: an environment is already running (pid ${st.pid}); use it with\n  export KUBECONFIG=${st.kubeconfig ?? "?"}\nor stop it with 'certflow dev down'.\n`,
    );
    return true;
  }
  return false;
}

function describe(env: DevEnvironment): string {
  const lines = [`kube-apiserver  ${env.plane.server}`, `kubeconfig      ${env.kubeconfigPath}`];
  if (env.plane.acme) lines.push(`ACME (Pebble)   ${env.plane.acme.directoryUrl}`);
  for (const c of env.components) lines.push(`${c.name.padEnd(15)} ${c.detail}`);
  lines.push("", "Try:", `  kubectl --kubeconfig ${env.kubeconfigPath} get clusterissuers,certificates -A`);
  return lines.join("\n") + "\n";
}

async function upForeground(stateDir: string, acme: boolean, io: CliIO): Promise<number> {
  if (refuseIfRunning(stateDir, io)) return 1;
  mkdirSync(stateDir, { recursive: true });
  io.stderr.write(
    "certflow dev: starting the local control plane (the first run builds kube-apiserver; that takes a while)\n",
  );
  const env = await startDevEnvironment({
    stateDir,
    acme,
    signal: io.signal,
    log: (l) => io.stderr.write(`certflow dev: ${l}\n`),
  });
  writeState(stateDir, {
    pid: process.pid,
    status: "ready",
    kubeconfig: env.kubeconfigPath,
    server: env.plane.server,
    logFile: "-",
  });
  io.stdout.write(describe(env));
  io.stdout.write("Press Ctrl-C to stop.\n");
  await new Promise<void>((res) => {
    if (io.signal.aborted) res();
    io.signal.addEventListener("abort", () => res(), { once: true });
  });
  io.stderr.write("certflow dev: stopping\n");
  await env.stop();
  rmSync(join(stateDir, "state.json"), { force: true });
  rmSync(join(stateDir, "kubeconfig"), { force: true });
  return 0;
}

async function daemon(stateDir: string, acme: boolean, io: CliIO): Promise<number> {
  const logFile = join(stateDir, "dev.log");
  writeState(stateDir, { pid: process.pid, status: "starting", logFile });
  let env: DevEnvironment;
  try {
    env = await startDevEnvironment({
      stateDir,
      acme,
      signal: io.signal,
      log: (l) => io.stderr.write(`${l}\n`),
    });
  } catch (err) {
    writeState(stateDir, { pid: process.pid, status: "failed", error: (err as Error).message, logFile });
    return 1;
  }
  writeState(stateDir, {
    pid: process.pid,
    status: "ready",
    kubeconfig: env.kubeconfigPath,
    server: env.plane.server,
    ...(env.plane.acme ? { acmeDirectory: env.plane.acme.directoryUrl } : {}),
    logFile,
  });
  io.stdout.write(describe(env));
  await new Promise<void>((res) => io.signal.addEventListener("abort", () => res(), { once: true }));
  await env.stop();
  rmSync(join(stateDir, "state.json"), { force: true });
  return 0;
}

async function upDetached(stateDir: string, acme: boolean, io: CliIO): Promise<number> {
  if (refuseIfRunning(stateDir, io)) return 1;
  mkdirSync(stateDir, { recursive: true });
  rmSync(join(stateDir, "state.json"), { force: true });
  const logFile = join(stateDir, "dev.log");
  const fd = openSync(logFile, "w");
  const script = process.argv[1];
  if (!script) throw new Error("cannot find certflow's entry script to start the background process");
  const args = [...process.execArgv, script, "dev", "up", "--daemon", "--state-dir", stateDir];
  if (!acme) args.push("--no-acme");
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ["ignore", fd, fd],
    env: io.env,
    cwd: io.cwd,
  });
  closeSync(fd);
  child.unref();
  io.stderr.write(`certflow dev: starting in the background (pid ${child.pid}, log ${logFile})\n`);
  const deadline = Date.now() + 30 * 60_000; // a cold kube-apiserver build can take many minutes
  for (;;) {
    const st = readState(stateDir);
    if (st?.status === "ready" && st.kubeconfig) {
      // Every line but the last is a shell comment, so `eval "$(certflow dev up --detach)"` is safe.
      io.stdout.write(`# certflow dev: ready (pid ${st.pid}); stop it with 'certflow dev down'\n`);
      io.stdout.write(`# kube-apiserver  ${st.server}\n`);
      if (st.acmeDirectory) io.stdout.write(`# ACME (Pebble)   ${st.acmeDirectory}\n`);
      io.stdout.write(`export KUBECONFIG=${st.kubeconfig}\n`);
      return 0;
    }
    if (st?.status === "failed" || (child.pid !== undefined && !alive(child.pid))) {
      io.stderr.write(
        `certflow dev: the environment failed to start: ${st?.error ?? "the background process exited"}\n`,
      );
      io.stderr.write(`see ${logFile}\n`);
      return 1;
    }
    if (Date.now() > deadline || io.signal.aborted) {
      if (child.pid) process.kill(child.pid, "SIGTERM");
      io.stderr.write(`certflow dev: gave up waiting; see ${logFile}\n`);
      return 1;
    }
    await sleep(200);
  }
}

async function down(stateDir: string, io: CliIO): Promise<number> {
  const st = readState(stateDir);
  if (!st || !alive(st.pid)) {
    rmSync(join(stateDir, "state.json"), { force: true });
    io.stderr.write("certflow dev: no environment is running\n");
    return 0;
  }
  process.kill(st.pid, "SIGTERM");
  const deadline = Date.now() + 30_000;
  while (alive(st.pid) && Date.now() < deadline) await sleep(100);
  if (alive(st.pid)) process.kill(st.pid, "SIGKILL");
  // A background process killed outright leaves its servers behind: reap them now, not at the next start.
  reapStaleRunDirs(join(stateDir, "runs"));
  rmSync(join(stateDir, "state.json"), { force: true });
  // The admin token in it is dead now; a stale kubeconfig only confuses the next kubectl.
  rmSync(join(stateDir, "kubeconfig"), { force: true });
  io.stdout.write(`certflow dev: stopped (pid ${st.pid})\n`);
  return 0;
}

function status(stateDir: string, io: CliIO): number {
  const st = readState(stateDir);
  if (!st || !alive(st.pid)) {
    io.stdout.write("not running\n");
    return 3;
  }
  io.stdout.write(`${st.status} (pid ${st.pid})\n`);
  if (st.kubeconfig) io.stdout.write(`export KUBECONFIG=${st.kubeconfig}\n`);
  return existsSync(st.kubeconfig ?? "") ? 0 : 1;
}
