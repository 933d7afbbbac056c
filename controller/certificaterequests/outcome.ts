/** What a signer returns: issued PEMs, or why not (Pending is retried, Failed is final). */
export type Outcome =
  | { kind: "issued"; certificate: string; ca: string }
  | { kind: "pending"; reason: string; message: string }
  | { kind: "failed"; reason: string; message: string };
