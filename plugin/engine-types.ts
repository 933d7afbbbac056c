import type { PluginFinding } from "./findings.ts";

// Structural copies of the renderer's and validator's contracts (kustomize/index.ts,
// api/index.ts), so the plugin's logic and its unit tests depend only on the shapes;
// engine.ts binds them to the real modules.

export interface RenderedDocumentLike {
  object: Record<string, unknown>;
  source: { file: string; line: number };
}

export type RenderResultLike =
  | { ok: true; documents: RenderedDocumentLike[]; yaml: string }
  | { ok: false; error: { message: string; file?: string; field?: string } };

export interface RenderOptionsLike {
  loadRestrictor?: "rootOnly" | "none";
  allowRemote?: boolean;
  cacheDir?: string;
}

export interface ValidatableDocument {
  object: Record<string, unknown>;
  file: string;
  line: number;
  column: number;
  index: number;
}

/** A source document that can map a field path to its line (api's ParsedDocument). */
export interface LocatableDocument {
  line: number;
  locate?(path: string): { line: number; column: number } | undefined;
}

/** The library calls the plugin builds on. */
export interface Engine {
  render(dir: string, opts?: RenderOptionsLike): Promise<RenderResultLike>;
  validate(docs: ValidatableDocument[], opts?: { strict?: boolean }): PluginFinding[];
  /** Parses a source file so findings can point at the field's own line; optional. */
  parse?(text: string, file: string): LocatableDocument[];
}
