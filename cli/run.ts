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
    // node:util parseArgs rejects unknown or malformed flags with ERR_PARSE_ARGS_*: bad
    // command-line input, so every command reports it the same way (exit 2), without a wrapper each.
    const message = err instanceof Error ? err.message : String(err);
    const parseArgsError = String((err as NodeJS.ErrnoException).code ?? "").startsWith("ERR_PARSE_ARGS_");
    if (err instanceof UsageError || parseArgsError) {
      io.stderr.write(`certflow ${name}: ${message}\n`);
      return 2;
    }
    io.stderr.write(`certflow ${name}: ${message}\n`);
    if (io.env["CERTFLOW_DEBUG"] && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
