#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go module proxy into a cache outside git,
# keyed by version. Rebuilds only what is missing; never leaves a half-built binary
# in the cache (each binary is built to a temporary name and moved into place).
# Prints the cache directory on stdout as its last line.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
modroot="$here/test/k8s-bin"
kver=$(sed -n -E 's/^[[:space:]]*(require[[:space:]]+)?k8s\.io\/kubernetes (v[0-9.]+)([[:space:]].*)?$/\2/p' "$modroot/kube-apiserver/go.mod")
ever=$(sed -n -E 's/^[[:space:]]*(require[[:space:]]+)?go\.etcd\.io\/etcd\/server\/v3 (v[0-9.]+)([[:space:]].*)?$/\2/p' "$modroot/etcd/go.mod")
cache="${CERTFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/certflow}/control-plane/k8s-$kver-etcd-$ever"

fail() {
  echo "certflow: control-plane build failed: $1" >&2
  echo "  command: $2" >&2
  echo "  fix: $3" >&2
  exit 1
}

mkdir -p "$cache"
export GOTOOLCHAIN=local CGO_ENABLED=0
minor=${kver#v1.}; minor=${minor%%.*}

build() { # name module-dir package ldflags
  local name=$1 dir=$2 pkg=$3 ldflags=$4
  if [ -x "$cache/$name" ]; then return 0; fi
  if ! command -v go >/dev/null 2>&1; then
    fail "'go' is not on PATH, and $name is not in the cache ($cache)" "command -v go" "install Go 1.26 or later (https://go.dev/doc/install) and re-run"
  fi
  echo "certflow: building $name ($pkg) into $cache; the first build takes several minutes" >&2
  local tmp="$cache/.$name.tmp.$$" start=$SECONDS log
  log=$(mktemp)
  local cmd=(go build -trimpath -tags selinux,notest -ldflags "$ldflags" -o "$tmp" "$pkg")
  if ! (cd "$dir" && go mod download >"$log" 2>&1); then
    cat "$log" >&2; rm -f "$log" "$tmp"
    fail "downloading modules for $name" "(cd $dir && go mod download)" "check that the Go module proxy is reachable (go env GOPROXY) and retry"
  fi
  if ! (cd "$dir" && "${cmd[@]}" >"$log" 2>&1); then
    tail -n 40 "$log" >&2; rm -f "$log" "$tmp"
    fail "compiling $name" "(cd $dir && GOTOOLCHAIN=local CGO_ENABLED=0 ${cmd[*]})" "read the compiler output above; a build needs about 4 GB of free memory"
  fi
  rm -f "$log"
  mv -f "$tmp" "$cache/$name"
  echo "certflow: built $name in $((SECONDS - start)) s ($(du -m "$cache/$name" | cut -f1) MB)" >&2
}

v="-X k8s.io/component-base/version.gitVersion=$kver -X k8s.io/component-base/version.gitMajor=1"
v="$v -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
v="$v -X k8s.io/client-go/pkg/version.gitVersion=$kver -X k8s.io/client-go/pkg/version.gitMajor=1"
v="$v -X k8s.io/client-go/pkg/version.gitMinor=$minor"
build etcd "$modroot/etcd" go.etcd.io/etcd/server/v3 "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$ever"
build kube-apiserver "$modroot/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver "-s -w $v"
echo "$cache"
