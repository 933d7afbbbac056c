#!/usr/bin/env bash
# Builds kubeconform (the benchmark's point of comparison) from the Go module proxy into a cache
# outside git, keyed by version. Builds only when missing; never leaves a half-built binary in the
# cache (built to a temporary name, then moved into place). Prints the binary's path as its last line.
set -euo pipefail

version="${KUBECONFORM_VERSION:-v0.8.0}"
cache="${CERTFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/certflow}/tools/kubeconform-$version"
bin="$cache/kubeconform"

fail() {
  echo "certflow: kubeconform build failed: $1" >&2
  echo "  command: $2" >&2
  echo "  fix: $3" >&2
  exit 1
}

if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
command -v go >/dev/null 2>&1 ||
  fail "'go' is not on PATH" "command -v go" "install Go 1.22 or later and re-run"

mkdir -p "$cache"
export GOTOOLCHAIN=local CGO_ENABLED=0
work=$(mktemp -d)
tmp="$cache/.kubeconform.tmp.$$"
log="$work/build.log"
trap 'rm -rf "$work" "$tmp"' EXIT

echo "certflow: building kubeconform $version into $cache" >&2
# A throw-away module so the build never touches the repository's own files.
(cd "$work" && go mod init certflow-kubeconform-build >"$log" 2>&1) ||
  fail "creating a scratch module" "go mod init" "check that $work is writable"
if ! (cd "$work" && go get "github.com/yannh/kubeconform/cmd/kubeconform@$version" >>"$log" 2>&1); then
  cat "$log" >&2
  fail "downloading github.com/yannh/kubeconform@$version" "go get github.com/yannh/kubeconform/cmd/kubeconform@$version" \
    "check that the Go module proxy is reachable (go env GOPROXY) and that $version exists"
fi
if ! (cd "$work" && go build -trimpath -ldflags "-s -w" -o "$tmp" github.com/yannh/kubeconform/cmd/kubeconform >>"$log" 2>&1); then
  tail -n 40 "$log" >&2
  fail "compiling kubeconform" "go build github.com/yannh/kubeconform/cmd/kubeconform" "read the compiler output above"
fi
mv -f "$tmp" "$bin"
echo "certflow: built $bin" >&2
echo "$bin"
