/**
 * certflow's Kustomize engine: `render(dir)` gives what `kustomize build dir` prints, plus the
 * documents with the file and line each came from. Never throws for bad input.
 */
import { build, type BuildEnv } from "./build.ts";
import { KustomizeError, type RenderError } from "./errors.ts";
import { FieldSpecError } from "./fieldspec.ts";
import { DirLoader } from "./loader.ts";
import { makeRemoteResolver } from "./remote.ts";
import { ControlCharacterError, emitObject } from "./yaml-emit.ts";

export type { RenderError } from "./errors.ts";

export interface RenderOptions {
  loadRestrictor?: "rootOnly" | "none";
  /** Allow git URLs in `resources` (cloned with isomorphic-git into cacheDir). Off by default. */
  allowRemote?: boolean;
  cacheDir?: string;
}

export interface RenderedDocument {
  /** The object as kustomize holds it; integers beyond 2^53 are bigint. */
  object: Record<string, unknown>;
  source: { file: string; line: number };
}

export type RenderResult =
  { ok: true; documents: RenderedDocument[]; yaml: string } | { ok: false; error: RenderError };

export async function render(dir: string, opts: RenderOptions = {}): Promise<RenderResult> {
  try {
    const root = DirLoader.open(dir, opts.loadRestrictor ?? "rootOnly");
    const env: BuildEnv = { seq: { n: 0 } };
    env.remote = makeRemoteResolver({
      allow: opts.allowRemote ?? false,
      ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
    });
    const out = await build(root, env);
    const parts: string[] = [];
    const documents: RenderedDocument[] = [];
    for (const r of out.resources) {
      parts.push(emitObject(r.obj));
      documents.push({ object: r.obj as Record<string, unknown>, source: { ...r.source } });
    }
    return { ok: true, documents, yaml: parts.join("---\n") };
  } catch (err) {
    // Input whose shape a field spec cannot walk (e.g. a string where labels go) is the user's
    // to fix, as kustomize reports it; not an engine fault.
    if (err instanceof ControlCharacterError || err instanceof FieldSpecError)
      return { ok: false, error: { message: err.message } };
    if (err instanceof KustomizeError) {
      const e: RenderError = { message: err.message };
      if (err.file) e.file = err.file;
      if (err.field) e.field = err.field;
      return { ok: false, error: e };
    }
    // An engine bug must still not surface as a stack trace to users; keep the message.
    return {
      ok: false,
      error: { message: `internal error: ${err instanceof Error ? err.message : String(err)}` },
    };
  }
}
