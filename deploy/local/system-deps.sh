#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Belvédère needs, only those that are missing.
#   system-deps.sh run    PostGIS, Redis, GDAL/GEOS/PROJ
#   system-deps.sh test   the same plus Chromium for the browser tests and nginx
#   system-deps.sh scale  the same plus nginx for the scale-out test (make test-scale)
set -euo pipefail
want=(redis-server gdal-bin libgdal-dev binutils libproj-dev postgresql-contrib)
if ! ls /usr/lib/postgresql/*/lib/postgis-3.so >/dev/null 2>&1; then
    # Debian 12 ships PostgreSQL 15; elsewhere take the distribution's default major version.
    if apt-cache show postgresql-15-postgis-3 >/dev/null 2>&1; then
        want+=(postgresql-15 postgresql-15-postgis-3)
    else
        v=$(apt-cache depends postgresql 2>/dev/null | sed -n 's/.*Depends: postgresql-\([0-9]*\)$/\1/p' | head -1)
        want+=("postgresql-$v" "postgresql-$v-postgis-3")
    fi
fi
# nginx: tests/deploy checks the production nginx configuration with `nginx -t`.
[ "${1:-run}" = test ] && want+=(chromium fonts-dejavu-core nginx-light)
[ "${1:-run}" = scale ] && want+=(nginx-light curl)
missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a system cluster and a system Redis on install: we use private ones, leave those be.
