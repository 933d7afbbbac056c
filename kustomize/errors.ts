/** The error value every stage returns; `file` is the kustomization (or input) file it concerns. */
export interface RenderError {
  message: string;
  file?: string;
  field?: string;
}

/** Thrown inside the engine and turned into a RenderError value at the render() boundary. */
export class KustomizeError extends Error {
  override name = "KustomizeError";
  file: string | undefined;
  field: string | undefined;
  constructor(message: string, file?: string, field?: string) {
    super(message);
    this.file = file;
    this.field = field;
  }
}
