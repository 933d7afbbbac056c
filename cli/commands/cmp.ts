import { parseArgs } from "node:util";
import { UsageError, type Command } from "../command.ts";
import { generate } from "../../plugin/cmp/generate.ts";
import { loadEngine } from "../../plugin/engine.ts";

export const cmpCommand: Command = {
  name: "cmp",
  summary:
    "Argo CD Config Management Plugin: render, validate and guard the overlay in the current directory.\n" +
    "Reads ARGOCD_APP_* / ARGOCD_ENV_CERTFLOW_* / PARAM_* as argocd-cmp-server sets them; prints only\n" +
    "manifests on stdout, or nothing and a report on stderr with exit code 1.",
  usage: "certflow cmp generate",
  async run(argv, io) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {}, strict: true });
    if (positionals.length !== 1 || positionals[0] !== "generate") {
      throw new UsageError(
        `expected "generate", got ${positionals.length ? `"${positionals.join(" ")}"` : "nothing"}`,
      );
    }
    const engine = await loadEngine();
    const outcome = await generate({ cwd: io.cwd, env: io.env }, engine);
    if (!outcome.ok) {
      io.stderr.write(outcome.report);
      return 1;
    }
    if (outcome.notes) io.stderr.write(outcome.notes);
    // One write of the complete stream: nothing reaches stdout before every check passed.
    io.stdout.write(outcome.manifests);
    return 0;
  },
};
