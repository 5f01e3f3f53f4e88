#!/usr/bin/env bash
# `make backup`: a consistent dump of the database (pg_dump custom format, PostGIS data included)
# to .data/backups/belvedere-<UTC timestamp>.dump (BACKUP_DIR to write elsewhere).
# The database is DATABASE_URL's (the environment, else .env, else the private instance).
# pg_dump reads everything in one transaction snapshot: the dump is consistent while the
# application keeps writing.
set -euo pipefail
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/dburl.sh"

# The dump holds personal data: readable by its owner only.
umask 077
url=$(database_url)
dir=${BACKUP_DIR:-$DATA/backups}
mkdir -p "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$dir/belvedere-$stamp.dump"
# Written under a temporary name and renamed once complete: a dump that has the final name is whole.
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
"$(pg_tool pg_dump)" --format=custom --compress=6 --no-password --dbname="$(libpq_url "$url")" \
    --file="$partial"
# Read the dump's table of contents back: an unreadable file fails here, not on the restore day.
entries=$("$(pg_tool pg_restore)" --list "$partial" | grep -vc '^;')
mv "$partial" "$file"
trap - EXIT
echo "wrote $file ($(du -h "$file" | cut -f1), $entries entries, database $(url_dbname "$url"))"
