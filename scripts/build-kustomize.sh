#!/usr/bin/env bash
# Builds Go kustomize (the oracle for certflow's renderer tests) from the Go module proxy
# into a cache outside git, keyed by version. A no-op when the binary is cached. The binary
# is built to a temporary name and moved into place, so the cache never holds a half-built file.
# The version is pinned by test/kustomize/tool/go.mod (a wrapper module with a `tool` directive).
# Prints the binary path on stdout as its last line.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
modroot="$here/test/kustomize/tool"
kver=$(sed -n -E 's/^[[:space:]]*(require[[:space:]]+)?sigs\.k8s\.io\/kustomize\/kustomize\/v5 (v[0-9.]+)([[:space:]].*)?$/\2/p' "$modroot/go.mod")
cache="${CERTFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/certflow}/tools/kustomize-$kver"
bin="$cache/kustomize"

fail() {
  echo "certflow: kustomize build failed: $1" >&2
  echo "  command: $2" >&2
  echo "  fix: $3" >&2
  exit 1
}

if [ -z "$kver" ]; then
  fail "no sigs.k8s.io/kustomize/kustomize/v5 version in $modroot/go.mod" "sed ... $modroot/go.mod" "restore test/kustomize/tool/go.mod from git"
fi
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  fail "'go' is not on PATH" "command -v go" "install Go 1.26 or later (https://go.dev/doc/install) and re-run"
fi

mkdir -p "$cache"
export GOTOOLCHAIN=local CGO_ENABLED=0
tmp="$cache/.kustomize.tmp.$$"
log=$(mktemp)
trap 'rm -f "$log" "$tmp"' EXIT
echo "certflow: building kustomize $kver into $cache" >&2
if ! (cd "$modroot" && go mod download >"$log" 2>&1); then
  cat "$log" >&2
  fail "downloading modules for kustomize $kver" "(cd $modroot && go mod download)" "check that the Go module proxy is reachable (go env GOPROXY) and retry"
fi
ldflags="-s -w -X sigs.k8s.io/kustomize/api/provenance.version=$kver"
cmd=(go build -trimpath -ldflags "$ldflags" -o "$tmp" sigs.k8s.io/kustomize/kustomize/v5)
if ! (cd "$modroot" && "${cmd[@]}" >"$log" 2>&1); then
  tail -n 40 "$log" >&2
  fail "compiling kustomize $kver" "(cd $modroot && GOTOOLCHAIN=local CGO_ENABLED=0 ${cmd[*]})" "read the compiler output above and retry"
fi
mv -f "$tmp" "$bin"
echo "certflow: built $bin" >&2
echo "$bin"
