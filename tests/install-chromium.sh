#!/bin/sh
# The browser tests drive Debian's Chromium (no browser is downloaded by the test tools).
# Installs it when it is missing; needs root and the Debian package registry.
# Another install may hold the package manager's locks (a boot-time update, a parallel job):
# wait for them rather than fail.
set -eu
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi

wait_s=${APT_LOCK_WAIT_S:-600}
apt_get() {
  # DPkg::Lock::Timeout makes apt-get wait for dpkg's lock; the lists lock taken by
  # `update` has no such option in every apt release, so retry until the same deadline.
  deadline=$(( $(date +%s) + wait_s ))
  until apt-get -o DPkg::Lock::Timeout="$wait_s" "$@"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "install-chromium: apt-get $* still failing after ${wait_s}s" >&2
      return 1
    fi
    echo "install-chromium: apt-get $* failed (another install running?); retrying in 5 s" >&2
    sleep 5
  done
}

apt_get update -qq
DEBIAN_FRONTEND=noninteractive apt_get install -y -qq chromium chromium-l10n >/dev/null
