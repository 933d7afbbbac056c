import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { resolvePlainV2, resolvePlainV3 } from "./go-scalar.ts";
import { parseFast, Unsupported, YamlInputError } from "./yaml-fast.ts";
import { parseWithYamlLibrary } from "./yaml-parse.ts";

const here = new URL(".", import.meta.url).pathname;
// The differential cases, and the project's seed manifests when the workspace has them.
const roots = [join(here, "../test/kustomize/cases"), join(here, "../test/fixtures/seed")];

function* yamlFiles(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) yield* yamlFiles(p);
    else if (/\.(ya?ml|json)$|^Kustomization$/.test(e)) yield p;
  }
}

function fastOrUndefined(text: string, yaml11: boolean) {
  try {
    return parseFast(text, yaml11 ? resolvePlainV2 : resolvePlainV3, yaml11 ? "other" : "root").filter(
      (d) => d.value !== null,
    );
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    if (e instanceof YamlInputError) return "rejected" as const;
    throw e;
  }
}

describe("fast YAML reader agrees with the full parser", () => {
  const snippets = [
    "a: 1\nb:\n- x\n- y: 2\n  z: [1, 'a', \"b\"]\nc: {}\n",
    "k: |\n  line\n\n  more\n\nnext: v # comment\n",
    "k: |-\n    deep\n  \nz: 1\n",
    "k: |+\n  keep\n\n",
    "- - a\n  - b\n- c\n",
    "key with spaces: value with spaces\n'quoted key': \"esc\\ttab\"\n",
    "a:\n  b:\n    c: null\n  d: ~\ne:\n",
    "---\n# c\n---\na: b\n...\n---\nc: d\n",
    "metadata:\n  annotations:\n    x: 012\n    y: true\n    z:\n",
    "url: http://x:80/y\nt: 2024-01-02\nn: 0x1F\nf: 1.5e3\n",
  ];
  snippets.forEach((s, i) => {
    test(`snippet ${i}`, () => {
      const fast = fastOrUndefined(s, false);
      assert.ok(fast && fast !== "rejected", "the fast reader should handle this snippet");
      const full = parseWithYamlLibrary(s);
      assert.ok(full.ok);
      assert.deepEqual(fast, full.docs);
    });
  });

  test("every YAML file of the differential cases and the seed", () => {
    let checked = 0;
    for (const root of roots) {
      for (const file of yamlFiles(root)) {
        const text = readFileSync(file, "utf8");
        for (const yaml11 of [false, true]) {
          const fast = fastOrUndefined(text, yaml11);
          if (!fast) continue;
          const full = parseWithYamlLibrary(text, { yaml11 });
          if (fast === "rejected") {
            assert.equal(full.ok, false, `${file}: only the fast reader rejected it`);
            continue;
          }
          if (!full.ok)
            assert.fail(`${file}: the fast reader accepted what the full parser rejects: ${full.message}`);
          assert.deepEqual(fast, full.docs, file);
          checked++;
        }
      }
    }
    assert.ok(checked > 100, `only ${checked} files checked`);
  });
});
