import { enableCompileCache } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";

// The only side effects of the CLI: run with the real process and exit with its code.
// Cache compiled code (and stripped TypeScript) across runs: short commands such as
// `certflow render` and `certflow cmp generate` are dominated by start-up.
if (!process.env["NODE_COMPILE_CACHE"]) {
  const cacheRoot =
    process.env["CERTFLOW_CACHE_DIR"] ??
    join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "certflow");
  enableCompileCache(join(cacheRoot, "node-compile-cache"));
}
const { runCli } = await import("./run.ts");

// A closed pipe (`certflow crds | head`) ends the output, not the program with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}
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
