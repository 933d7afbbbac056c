import { UsageError, type CliIO } from "./command.ts";
import { commands } from "./registry.ts";

function help(): string {
  const names = Object.keys(commands).sort();
  return [
    "certflow: TLS automation for GitOps on Kubernetes (cert-manager compatible)",
    "",
    "Usage: certflow <command> [options]",
    "",
    "Commands:",
    ...names.map((n) => `  ${n}`),
    "",
    "Run 'certflow <command> --help' for a command's options.",
    "",
  ].join("\n");
}

/** Dispatches argv to a subcommand. Never throws: every failure becomes a message and an exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (!load) {
    io.stderr.write(`certflow: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    const command = await load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`certflow ${name}: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`certflow ${name}: ${message}\n`);
    if (io.env["CERTFLOW_DEBUG"] && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
