#!/usr/bin/env bash
# Installs the Debian packages certflow's tests and demo run for real: Pebble (ACME), git (remote bases,
# http-backend) and openssl. Does nothing when they are already there. (BIND9 joins when DNS-01 lands.)
set -euo pipefail
need=()
command -v pebble >/dev/null 2>&1 && command -v pebble-challtestsrv >/dev/null 2>&1 || need+=(pebble)
command -v git >/dev/null 2>&1 || need+=(git)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  sudo=sudo
  command -v sudo >/dev/null 2>&1 || { echo "certflow: missing Debian packages: ${need[*]}; install them as root: apt-get install -y ${need[*]}" >&2; exit 1; }
else
  sudo=
fi
echo "certflow: installing Debian packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
if ! $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
  echo "certflow: 'apt-get install -y ${need[*]}' failed; check the package sources (apt-get update) and retry" >&2
  exit 1
fi
