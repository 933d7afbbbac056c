import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { once } from "node:events";

/** A server child process whose output goes to a log file, so failures can quote its last lines. */
export class ManagedProcess {
  readonly name: string;
  readonly logFile: string;
  readonly child: ChildProcess;
  private exitInfo: string | undefined;

  constructor(name: string, bin: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv) {
    this.name = name;
    this.logFile = logFile;
    const fd = openSync(logFile, "a");
    try {
      this.child = spawn(bin, args, { stdio: ["ignore", fd, fd], env: env ?? process.env });
    } finally {
      closeSync(fd);
    }
    this.child.on("error", (err) => {
      this.exitInfo = `could not start ${bin}: ${err.message}`;
    });
    this.child.on("exit", (code, sig) => {
      this.exitInfo ??= `${name} exited (${sig ?? `code ${code}`})`;
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Set once the process has exited or failed to start; used to stop waiting early. */
  get exited(): string | undefined {
    return this.exitInfo === undefined ? undefined : `${this.exitInfo}\n${this.tail()}`;
  }

  tail(lines = 25): string {
    try {
      const text = readFileSync(this.logFile, "utf8").trimEnd().split("\n");
      return text
        .slice(-lines)
        .map((l) => `  | ${l}`)
        .join("\n");
    } catch {
      return "";
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined)
      return;
    const exited = once(this.child, "exit");
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }

  killNow(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}
