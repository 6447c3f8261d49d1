#!/bin/sh
# The pages' browser libraries (Leaflet, for the maps), at the versions of
# api/web/package-lock.json, installed by `npm ci` into api/web/node_modules. The app serves
# them itself (/static/leaflet/…): no page loads a script or a style from another host.
# Installs Debian's Node.js and npm when npm is missing (that step needs root).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v npm >/dev/null 2>&1; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq nodejs npm >/dev/null
fi
# --ignore-scripts: a library's install scripts never run here. Dev dependencies (axe-core,
# for the browser tests) come too; the Dockerfile leaves them out.
npm ci --prefix "$here" --ignore-scripts --no-audit --no-fund --loglevel=error
