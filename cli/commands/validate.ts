import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatFinding, formatJSON, formatSummary } from "../../api/format.ts";
import { validateSources, type SourceInput, type ValidationReport } from "../../api/validate-sources.ts";
import { KUSTOMIZATION_FILE_NAMES } from "../../kustomize/loader.ts";
import { UsageError, type CliIO, type Command } from "../command.ts";

const EXTENSIONS = /\.(ya?ml|json)$/i;

async function readStdin(io: CliIO): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of io.stdin) parts.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(parts).toString("utf8");
}

/**
 * What a directory tree holds: plain manifest files, and Kustomize roots (a directory with a
 * kustomization file), which are rendered instead of read file by file: their patches are not
 * whole objects, and each root is one environment, judged on its own.
 */
interface Found {
  files: string[];
  roots: string[];
}

async function walk(dir: string, raw: boolean, found: Found = { files: [], roots: [] }): Promise<Found> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (!raw && entries.some((e) => e.isFile() && KUSTOMIZATION_FILE_NAMES.includes(e.name))) {
    found.roots.push(dir);
    return found;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== ".git" && e.name !== "node_modules") await walk(p, raw, found);
    } else if (e.isFile() && EXTENSIONS.test(e.name)) found.files.push(p);
  }
  return found;
}

/** Sources judged together: the plain files and stdin form one group, each Kustomize root its own. */
async function collect(
  paths: string[],
  raw: boolean,
  io: CliIO,
): Promise<{ groups: SourceInput[][]; failures: string[] }> {
  const plain: SourceInput[] = [];
  const groups: SourceInput[][] = [plain];
  const failures: string[] = [];
  for (const p of paths) {
    if (p === "-") {
      plain.push({ file: "-", text: await readStdin(io) });
      continue;
    }
    const abs = resolve(io.cwd, p);
    const shown = (f: string): string => (f === abs ? p : join(p, relative(abs, f)));
    try {
      const st = await stat(abs);
      const found = st.isDirectory() ? await walk(abs, raw) : { files: [abs], roots: [] };
      for (const f of found.files) plain.push({ file: shown(f), text: await readFile(f, "utf8") });
      for (const root of found.roots) {
        // Loaded only when needed: plain validation stays as quick to start as it was.
        const { render } = await import("../../kustomize/index.ts");
        const r = await render(root);
        if (!r.ok) {
          failures.push(`${shown(root)}: kustomize build failed: ${r.error.message}`);
          continue;
        }
        // Lines point into the rendered stream, as `certflow render DIR` prints it.
        groups.push([{ file: `${shown(root)} (rendered)`, text: r.yaml }]);
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      failures.push(
        `${p}: ${code === "ENOENT" ? "no such file or directory" : err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return { groups, failures };
}

function merge(reports: ValidationReport[]): ValidationReport {
  return {
    findings: reports.flatMap((r) => r.findings),
    documents: reports.reduce((n, r) => n + r.documents, 0),
    errors: reports.reduce((n, r) => n + r.errors, 0),
    warnings: reports.reduce((n, r) => n + r.warnings, 0),
    parseFailed: reports.some((r) => r.parseFailed),
  };
}

export const validateCommand: Command = {
  name: "validate",
  summary: "Judge cert-manager manifests as cert-manager's webhook would, plus checks across documents.",
  usage: [
    "certflow validate [--strict] [--output text|json] PATH...",
    "",
    "PATH is a file, a directory (searched recursively for *.yaml, *.yml, *.json) or - for stdin.",
    "A directory with a kustomization file is rendered (like `certflow render`) and judged on its own.",
    "Output: one line per finding, FILE:LINE:COL: [warning: ]KIND NAMESPACE/NAME: FIELD.PATH: MESSAGE,",
    "then a summary line. Warnings are marked 'warning:' after the position.",
    "  --strict        issuers missing from the given manifests are errors, not warnings",
    "  --output json   print a JSON report instead",
    "  --raw           read kustomization directories file by file instead of rendering them",
    "Exit status: 0 no errors, 1 errors found, 2 input could not be read or parsed.",
  ].join("\n"),
  async run(argv, io) {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        strict: { type: "boolean", default: false },
        output: { type: "string", short: "o", default: "text" },
        raw: { type: "boolean", default: false },
      },
    });
    const output = parsed.values.output;
    if (output !== "text" && output !== "json")
      throw new UsageError(`--output must be "text" or "json", not "${output}"`);
    if (parsed.positionals.length === 0) throw new UsageError("no PATH given (use - for stdin)");

    const { groups, failures } = await collect(parsed.positionals, parsed.values.raw === true, io);
    for (const f of failures) io.stderr.write(`certflow validate: ${f}\n`);
    const strict = parsed.values.strict === true;
    const report = merge(groups.filter((g) => g.length > 0).map((g) => validateSources(g, { strict })));
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
