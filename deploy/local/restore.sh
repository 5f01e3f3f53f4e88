#!/usr/bin/env bash
# `make restore FILE=…`: restore a dump written by backup.sh into DATABASE_URL's database (the
# environment, else .env, else the private instance), which must be empty: it is created when it
# does not exist, and a database that already has tables is refused unless FORCE=1, which empties
# it first (DROP SCHEMA public CASCADE). The restore is one transaction: all of it or nothing.
set -euo pipefail
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/dburl.sh"

file=${1:-${FILE:-}}
if [ -z "$file" ]; then
    echo "restore.sh: which dump? make restore FILE=.data/backups/belvedere-….dump" >&2
    exit 2
fi
if [ ! -r "$file" ]; then
    echo "restore.sh: cannot read $file" >&2
    exit 2
fi
psql=$(pg_tool psql)
url=$(database_url)
target=$(libpq_url "$url")
db=$(url_dbname "$url")
maintenance=$(libpq_url "$(url_with_db "$url" postgres)")
# Check the file before touching the database.
"$(pg_tool pg_restore)" --list "$file" >/dev/null

q() { PGOPTIONS="-c client_min_messages=warning" "$psql" --no-psqlrc -X -q -v ON_ERROR_STOP=1 -tA --dbname="$1" -c "$2"; }

exists=$(q "$maintenance" "SELECT 1 FROM pg_database WHERE datname = '${db//\'/\'\'}'")
if [ "$exists" != 1 ]; then
    q "$maintenance" "CREATE DATABASE \"${db//\"/\"\"}\""
    echo "created database $db"
fi

# Tables that are not the system's nor an extension's own (PostGIS's spatial_ref_sys).
user_tables="
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg_toast%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                      AND d.objid = c.oid AND d.deptype = 'e')"
tables=$(q "$target" "$user_tables")
if [ "$tables" != 0 ]; then
    if [ "${FORCE:-0}" != 1 ]; then
        echo "restore.sh: database $db is not empty ($tables tables); nothing was changed." >&2
        echo "  Restore into an empty database (DATABASE_URL=…/new_db make restore FILE=…)," >&2
        echo "  or add FORCE=1 to drop everything in $db first." >&2
        exit 1
    fi
    q "$target" "DROP SCHEMA public CASCADE; CREATE SCHEMA public"
    echo "FORCE=1: emptied database $db ($tables tables dropped)"
fi

# PostGIS first: the tables' geometry columns need its types (the dump's own CREATE EXTENSION
# IF NOT EXISTS is then a no-op).
q "$target" "CREATE EXTENSION IF NOT EXISTS postgis"
"$(pg_tool pg_restore)" --no-owner --no-privileges --single-transaction --exit-on-error \
    --no-password --dbname="$target" "$file"
# pg_restore does not carry the planner's statistics.
q "$target" "ANALYZE"
restored=$(q "$target" "$user_tables")
echo "restored $file into database $db ($restored tables)"
