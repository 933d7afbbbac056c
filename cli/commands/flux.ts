import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseAllDocuments } from "yaml";
import { UsageError, type Command } from "../command.ts";
import { formatFinding } from "../../plugin/cmp/report.ts";
import { loadEngine } from "../../plugin/engine.ts";
import { checkFluxKustomization } from "../../plugin/flux/check.ts";
import { isFluxKustomization, parseFluxKustomization } from "../../plugin/flux/kustomization.ts";

const usage = `certflow flux check <file.yaml>... [options]

Builds each Flux Kustomization's spec.path the way kustomize-controller would
(targetNamespace, namePrefix/nameSuffix, patches, images, components merged in;
postBuild substitution with strict variables), then validates the result, applies
the environment guardrails and checks the Certificate health checks.

Options:
  --source-root <dir>   root of the source artifact that spec.path is relative to (default: .)
  --name <name>         only the Kustomization with this name
  --var <name=value>    set a substitution variable (repeatable; wins over the Kustomization's)
  --vars-file <file>    YAML with ConfigMaps/Secrets named by postBuild.substituteFrom (repeatable)
  --environment <env>   environment for the guardrails (default: auto)
  --no-strict-substitute  missing variables become empty instead of failing (Flux < 1.9)
  --print               print the built manifests on stdout when the check passes`;

async function readObjects(file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${err.code ?? err.message}`);
  });
  const docs = parseAllDocuments(text);
  const out: Record<string, unknown>[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (d.errors.length)
      throw new UsageError(`${file}: invalid YAML: ${d.errors[0]?.message.split("\n")[0] ?? ""}`);
    const o = d.toJS() as unknown;
    if (typeof o === "object" && o !== null && !Array.isArray(o)) out.push(o as Record<string, unknown>);
  }
  return out;
}

export const fluxCommand: Command = {
  name: "flux",
  summary: "Check Flux Kustomizations offline: build, substitute, validate, guard, and lint health checks.",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        "source-root": { type: "string", default: "." },
        name: { type: "string" },
        var: { type: "string", multiple: true, default: [] },
        "vars-file": { type: "string", multiple: true, default: [] },
        environment: { type: "string", default: "auto" },
        "no-strict-substitute": { type: "boolean", default: false },
        print: { type: "boolean", default: false },
      },
    });
    const [sub, ...files] = positionals;
    if (sub !== "check")
      throw new UsageError(`expected "check", got ${sub ? `"${sub}"` : "nothing"}\n\n${usage}`);
    if (files.length === 0) throw new UsageError("give at least one file holding a Flux Kustomization");
    const overrides = new Map<string, string>();
    for (const v of values.var) {
      const eq = v.indexOf("=");
      if (eq <= 0) throw new UsageError(`--var expects name=value, got "${v}"`);
      overrides.set(v.slice(0, eq), v.slice(eq + 1));
    }
    const objects = (await Promise.all(files.map((f) => readObjects(resolve(io.cwd, f))))).map((objs, i) => ({
      file: files[i] ?? "",
      objs,
    }));
    const available = [
      ...objects.flatMap((o) => o.objs),
      ...(await Promise.all(values["vars-file"].map((f) => readObjects(resolve(io.cwd, f))))).flat(),
    ];
    const targets = objects.flatMap((o) =>
      o.objs.filter(isFluxKustomization).map((obj) => ({ file: o.file, obj })),
    );
    const selected = values.name
      ? targets.filter((t) => (t.obj["metadata"] as { name?: string } | undefined)?.name === values.name)
      : targets;
    if (selected.length === 0)
      throw new UsageError(
        `no Flux Kustomization${values.name ? ` named ${values.name}` : ""} in ${files.join(", ")}`,
      );

    const engine = await loadEngine();
    const sourceRoot = resolve(io.cwd, values["source-root"]);
    let failed = false;
    let stdout = "";
    for (const t of selected) {
      const parsed = parseFluxKustomization(t.obj);
      if (!parsed.ok) {
        failed = true;
        io.stderr.write(parsed.errors.map((e) => `error: ${t.file}: ${e}\n`).join(""));
        continue;
      }
      const k = parsed.kustomization;
      const r = await checkFluxKustomization(
        {
          kustomization: k,
          file: resolve(io.cwd, t.file),
          sourceRoot,
          available,
          overrides,
          strictSubstitution: !values["no-strict-substitute"],
          environment: values.environment,
        },
        engine,
      );
      for (const e of r.ok ? [] : r.errors) io.stderr.write(`error: ${e}\n`);
      for (const f of r.findings) io.stderr.write(`${formatFinding(f, sourceRoot)}\n`);
      if (!r.ok) {
        failed = true;
        continue;
      }
      io.stderr.write(
        `ok: Kustomization ${k.namespace}/${k.name} (${k.path}, environment ${r.environment.name})\n`,
      );
      if (values.print) stdout += r.yaml;
    }
    // Manifests only when every Kustomization passed: never half a result on stdout.
    if (!failed && stdout) io.stdout.write(stdout);
    return failed ? 1 : 0;
  },
};
