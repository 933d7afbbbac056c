import { runCli } from "./run.ts";

// The only side effect of the CLI: run with the real process and exit with its code.
const controller = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  // First signal: stop gracefully. A second one: leave now (the exit hooks still kill child servers).
  process.on(sig, () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error(sig));
  });
}
const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = code;
