import type { Readable, Writable } from "node:stream";

/** What a command may touch of the outside world; injected so commands are testable in-process. */
export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM; long-running commands stop cleanly when it fires. */
  signal: AbortSignal;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. Bad input is reported on io.stderr, never thrown. */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Bad command-line input: printed as a one-line message with exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
