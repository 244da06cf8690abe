#!/usr/bin/env bash
# Starts a Docker-API engine for the agent's integration tests, as ../shared/DOCKER-ENGINE.md's
# recipe does: rootful podman's Docker-compatible service on a unix socket under /tmp (runc, and
# default ulimits within this process's hard limits), and a local busybox image imported from
# static busybox (no registry is reachable). Prints `DOCKER_HOST=unix://…` on its last line.
# Needs: podman runc busybox-static. Stop it with: kill "$(cat /tmp/k8spg-engine.pid)"
set -euo pipefail

CONF=/tmp/k8spg-containers.conf
SOCK=/tmp/k8spg-engine.sock
PIDFILE=/tmp/k8spg-engine.pid
IMAGE=localhost/k8spg-busybox:test

hard_nofile=$(ulimit -Hn)
if [ "$hard_nofile" = unlimited ] || [ "$hard_nofile" -gt 4096 ]; then nofile=4096; else nofile=$hard_nofile; fi
cat >"$CONF" <<CONF
[containers]
# must not exceed the hard limits of the process that starts the service (no CAP_SYS_RESOURCE)
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=4096:4096"]
[engine]
# crun 1.8.1: "cgroups in hybrid mode not supported"
runtime = "runc"
# reap exec sessions' conmons after 5 s instead of 300 s
exit_command_delay = 5
CONF
export CONTAINERS_CONF=$CONF

if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "engine-up: podman service already running (pid $(cat "$PIDFILE"))" >&2
else
  rm -f "$SOCK"
  podman system service --time=0 "unix://$SOCK" >/tmp/k8spg-engine.log 2>&1 &
  echo $! >"$PIDFILE"
fi
for _ in $(seq 1 100); do
  curl -sf --unix-socket "$SOCK" http://d/_ping >/dev/null && break
  sleep 0.1
done
curl -sf --unix-socket "$SOCK" http://d/_ping >/dev/null || {
  echo "engine-up: the podman service did not answer on $SOCK; see /tmp/k8spg-engine.log" >&2
  exit 1
}

if ! podman image exists "$IMAGE"; then
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/www"
  cp /bin/busybox "$root/bin/"
  for applet in sh sleep echo cat ls env id true false httpd wget ip printf hostname kill; do
    ln -s busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  tar -C "$root" -c . | podman import --quiet --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' - "$IMAGE" >/dev/null
  rm -rf "$root"
fi
echo "DOCKER_HOST=unix://$SOCK"
