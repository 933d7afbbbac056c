/** A problem found in one document, with where it is. Warnings never fail a run unless --strict turns them into errors. */
export interface Finding {
  severity: "error" | "warning";
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  kind: string;
  namespace?: string;
  name: string;
  /** Field path like `spec.dnsNames[0]`; "" when the finding is about the whole document. */
  field: string;
  message: string;
}

/** A finding before it is placed in a file (what validateObject returns; the webhook uses it as is). */
export type ObjectFinding = Omit<Finding, "file" | "line" | "column">;
