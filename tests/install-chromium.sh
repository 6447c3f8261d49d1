#!/bin/sh
# The browser tests drive Debian's Chromium (no browser is downloaded by the test tools).
# Installs it when it is missing; needs root and the Debian package registry.
set -eu
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-l10n >/dev/null
