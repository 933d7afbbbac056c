import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatFinding, formatJSON, formatSummary } from "../../api/format.ts";
import { validateSources, type SourceInput } from "../../api/validate-sources.ts";
import { UsageError, type CliIO, type Command } from "../command.ts";

const EXTENSIONS = /\.(ya?ml|json)$/i;

async function readStdin(io: CliIO): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of io.stdin) parts.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(parts).toString("utf8");
}

/** Files of a directory tree with a manifest extension, sorted for stable output. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== ".git" && e.name !== "node_modules") out.push(...(await walk(p)));
    } else if (e.isFile() && EXTENSIONS.test(e.name)) out.push(p);
  }
  return out;
}

async function collect(paths: string[], io: CliIO): Promise<{ sources: SourceInput[]; failures: string[] }> {
  const sources: SourceInput[] = [];
  const failures: string[] = [];
  for (const p of paths) {
    if (p === "-") {
      sources.push({ file: "-", text: await readStdin(io) });
      continue;
    }
    const abs = resolve(io.cwd, p);
    try {
      const st = await stat(abs);
      const files = st.isDirectory() ? await walk(abs) : [abs];
      for (const f of files) {
        const shown = f === abs ? p : join(p, relative(abs, f));
        sources.push({ file: shown, text: await readFile(f, "utf8") });
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      failures.push(
        `${p}: ${code === "ENOENT" ? "no such file or directory" : err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return { sources, failures };
}

export const validateCommand: Command = {
  name: "validate",
  summary: "Judge cert-manager manifests as cert-manager's webhook would, plus checks across documents.",
  usage: [
    "certflow validate [--strict] [--output text|json] PATH...",
    "",
    "PATH is a file, a directory (searched recursively for *.yaml, *.yml, *.json) or - for stdin.",
    "Output: one line per finding, FILE:LINE:COL: [warning: ]KIND NAMESPACE/NAME: FIELD.PATH: MESSAGE,",
    "then a summary line. Warnings are marked 'warning:' after the position.",
    "  --strict        issuers missing from the given manifests are errors, not warnings",
    "  --output json   print a JSON report instead",
    "Exit status: 0 no errors, 1 errors found, 2 input could not be read or parsed.",
  ].join("\n"),
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          strict: { type: "boolean", default: false },
          output: { type: "string", short: "o", default: "text" },
        },
      });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const output = parsed.values.output;
    if (output !== "text" && output !== "json")
      throw new UsageError(`--output must be "text" or "json", not "${output}"`);
    if (parsed.positionals.length === 0) throw new UsageError("no PATH given (use - for stdin)");

    const { sources, failures } = await collect(parsed.positionals, io);
    for (const f of failures) io.stderr.write(`certflow validate: ${f}\n`);
    const report = validateSources(sources, { strict: parsed.values.strict === true });
    if (output === "json") io.stdout.write(formatJSON(report));
    else {
      const lines = report.findings.map(formatFinding);
      lines.push(formatSummary(report));
      io.stdout.write(`${lines.join("\n")}\n`);
    }
    if (failures.length > 0 || report.parseFailed) return 2;
    return report.errors > 0 ? 1 : 0;
  },
};
