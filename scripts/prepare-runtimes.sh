#!/usr/bin/env bash
# prepare-runtimes.sh: make the real runtimes the tests use ready, when they are installed:
#   - start dockerd when no Docker Engine answers (as root), wait for it;
#   - build the `busybox:1` image from Debian's busybox-static with `docker import`
#     (no registry is reachable here).
# Never fails: a runtime that cannot be made ready is reported, and its tests say skipped.
set -uo pipefail
log() { echo "drover-test: $*" >&2; }

if command -v docker >/dev/null && command -v dockerd >/dev/null; then
  if ! docker info >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
      log "starting dockerd"
      mkdir -p /var/log
      (setsid dockerd >/var/log/drover-dockerd.log 2>&1 &)
      for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
    fi
  fi
  if docker info >/dev/null 2>&1; then
    if ! docker image inspect busybox:1 >/dev/null 2>&1; then
      bb=$(command -v busybox || echo /bin/busybox)
      if [ -x "$bb" ]; then
        log "building busybox:1 from $bb"
        tmp=$(mktemp -d)
        mkdir -p "$tmp/bin" "$tmp/tmp" "$tmp/etc" "$tmp/var/www"
        cp "$bb" "$tmp/bin/busybox"
        for app in $("$bb" --list); do [ "$app" = busybox ] || ln -sf busybox "$tmp/bin/$app"; done
        echo 'root:x:0:0:root:/root:/bin/sh' >"$tmp/etc/passwd"
        echo 'nobody:x:65534:65534:nobody:/:/bin/false' >>"$tmp/etc/passwd"
        echo 'root:x:0:' >"$tmp/etc/group"
        tar -C "$tmp" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - busybox:1 >/dev/null
        rm -rf "$tmp"
      fi
    fi
  else
    log "no Docker Engine available: docker tests will be skipped"
  fi
fi
exit 0
