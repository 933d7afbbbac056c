export type SubstituteResult = { ok: true; text: string; used: string[] } | { ok: false; message: string };

const name = "[_A-Za-z][_A-Za-z0-9]*";
// $$ (escape), ${NAME<op><arg>}, or $NAME — the forms kustomize-controller's envsubst evaluates.
const token = new RegExp(`\\$\\$|\\$\\{(${name})((?::?[-=+])([^}]*))?\\}|\\$\\{([^}]*)\\}|\\$(${name})`, "g");

/**
 * Flux postBuild substitution on one object's YAML: `${var}`, `${var:=default}`,
 * `${var:-default}`, `${var=default}`, `${var-default}`, `${var:+alt}`, `$var`, `$$` → `$`.
 * In strict mode (Flux ≥ 1.9 default) a variable without a value or default is an error;
 * otherwise it becomes the empty string, as in Flux.
 */
export function substitute(
  text: string,
  vars: ReadonlyMap<string, string>,
  strict: boolean,
): SubstituteResult {
  const used = new Set<string>();
  let failure: string | undefined;
  const out = text.replace(
    token,
    (match, braced?: string, opPart?: string, arg?: string, bad?: string, bare?: string) => {
      if (match === "$$") return "$";
      if (bad !== undefined) {
        failure ??= `unsupported substitution "${match}": use \${name}, \${name:=default} or escape "$" as "$$"`;
        return match;
      }
      const v = braced ?? bare ?? "";
      const value = vars.get(v);
      used.add(v);
      const op = opPart ? opPart.slice(0, opPart.length - (arg ?? "").length) : "";
      switch (op) {
        case ":-":
        case ":=":
          return value === undefined || value === "" ? (arg ?? "") : value;
        case "-":
        case "=":
          return value === undefined ? (arg ?? "") : value;
        case ":+":
          return value === undefined || value === "" ? "" : (arg ?? "");
        case "+":
          return value === undefined ? "" : (arg ?? "");
        default:
          if (value === undefined && strict)
            failure ??= `variable "${v}" is not set and has no default (strict substitution)`;
          return value ?? "";
      }
    },
  );
  return failure ? { ok: false, message: failure } : { ok: true, text: out, used: [...used] };
}
