#!/usr/bin/env bash
# ensure-deps.sh: install what Drover needs on a fresh Debian 12 + Node 20 machine.
#   npm packages (npm ci) and a build (tsc) always; Debian packages (docker.io, etcd-server,
#   qemu-system-x86, busybox-static) when running as root and missing. Idempotent and quiet.
#   Usage: scripts/ensure-deps.sh [--system]   (--system also installs the Debian packages)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "drover: installing npm packages" >&2
  # `npm install` (not `npm ci`): npm 11 refuses `ci` because msgpackr's optional native
  # accelerators for other platforms are absent from the lock file; `install` honours the lock.
  npm install --no-fund --no-audit --loglevel=error >&2
fi

if [ "${1:-}" = "--system" ]; then
  need=()
  command -v dockerd >/dev/null || need+=(docker.io)
  command -v etcd >/dev/null || need+=(etcd-server)
  command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86 qemu-utils)
  [ -x /bin/busybox ] || command -v busybox >/dev/null || need+=(busybox-static)
  command -v unshare >/dev/null || need+=(util-linux)
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "drover: apt-get install ${need[*]}" >&2
      (apt-get update -qq || true) >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 \
        || echo "drover: apt-get could not install ${need[*]}; tests needing them will be skipped" >&2
    else
      echo "drover: missing ${need[*]} (not root: tests needing them will be skipped)" >&2
    fi
  fi
fi

# Build when any source is newer than the last build.
stamp=dist/.tsbuildinfo
if [ ! -f "$stamp" ] || [ -n "$(find api bench cli client drivers jobspecs plugins server test scripts tsconfig.json package.json -newer "$stamp" \( -name '*.ts' -o -name '*.json' \) -print -quit 2>/dev/null)" ]; then
  echo "drover: building" >&2
  npx tsc -p tsconfig.json >&2
fi
