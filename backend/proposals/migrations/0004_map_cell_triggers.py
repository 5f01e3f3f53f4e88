# Written by hand (proposals.models.MapCell's triggers). Its SQL is put together from this file's
# constants only, nothing from outside:
# ruff: noqa: S608
"""The map's counts per cell (``MapCell``) and the triggers on ``proposals_proposal`` that keep
them, in the transaction of each change (ADR 0008): rows inserted are added to their cells at
each level; the cells a changed or deleted row left or reached (moved, hidden, withdrawn,
re-filtered) are locked one by one in one order and counted again — at the finest level from
the proposals, at the others from the finer level's cells — each in a statement that starts
after its lock is held (so it sees every change committed before, and a change still to commit
counts or adds itself after).

A point's cell at the finest level (17) is that of ``core.tiles.cell_sql``, written out here so
that this migration keeps its meaning; a coarser level's is it shifted right (scaling by powers
of two is exact). ``proposals/tests/test_map_cells.py`` checks that both agree."""

from django.db import migrations

# What the public map shows (proposals.selectors.publicly_visible, with a point).
VISIBLE = (
    "{r}.location IS NOT NULL AND {r}.location_status = 'placed' "
    "AND {r}.status <> 'withdrawn' AND NOT {r}.is_hidden"
)
FINEST = 17  # core.tiles.CELL_LEVELS
LEVELS = (13, 15, 17)
CELL_X = "floor((ST_X({r}.location) + 180::float8) / 360::float8 * 131072::float8)::integer"
CELL_Y = (
    "floor((1::float8 - asinh(tan(radians(ST_Y({r}.location)))) / pi()) / 2::float8 "
    "* 131072::float8)::integer"
)
KEY = "campaign_id, area_id, district_id, quartier_id, theme_id, status"
# The order cells are locked in, by every path (two transactions never wait on each other
# crosswise): the finest level first, so a coarser cell is counted after the finer ones.
ORDER = "level DESC, campaign_id, cx, cy, status, area_id, district_id, quartier_id, theme_id"
SAME_FILTERS = " AND ".join(
    [
        "{a}.campaign_id = k_campaign",
        "{a}.status = k_status",
        *(
            f"{{a}}.{column} IS NOT DISTINCT FROM k_{column.removesuffix('_id')}"
            for column in ("area_id", "district_id", "quartier_id", "theme_id")
        ),
    ]
)


def _visible(r: str) -> str:
    return VISIBLE.format(r=r)


def _cells(source: str, where: str) -> str:
    """The visible rows of ``source`` (aliased r) meeting ``where``, once per level, with their
    cell at that level."""
    levels = ", ".join(f"({level})" for level in LEVELS)
    return f"""
        SELECT r.id, r.campaign_id, r.area_id, r.district_id, r.quartier_id, r.theme_id,
            r.status, ST_X(r.location) AS lon, ST_Y(r.location) AS lat, l.level,
            {CELL_X.format(r="r")} >> ({FINEST} - l.level) AS cx,
            {CELL_Y.format(r="r")} >> ({FINEST} - l.level) AS cy
        FROM {source} CROSS JOIN (VALUES {levels}) AS l(level)
        WHERE {where} AND {_visible("r")}
    """


def _add(source: str, where: str = "TRUE") -> str:
    """Add the visible rows of ``source`` (aliased r) meeting ``where`` to their cells."""
    return f"""
    INSERT INTO proposals_mapcell AS m ({KEY}, level, cx, cy, n, sum_lon, sum_lat,
        west, south, east, north, first_id, last_id)
    SELECT {KEY}, level, cx, cy, count(*), sum(lon), sum(lat), min(lon), min(lat), max(lon),
        max(lat), min(id), max(id)
    FROM ({_cells(source, where)}) AS q
    GROUP BY {KEY}, level, cx, cy
    ORDER BY {ORDER}
    ON CONFLICT ({KEY}, level, cx, cy) DO UPDATE SET
        n = m.n + excluded.n,
        sum_lon = coalesce(m.sum_lon, 0) + excluded.sum_lon,
        sum_lat = coalesce(m.sum_lat, 0) + excluded.sum_lat,
        west = least(m.west, excluded.west),
        south = least(m.south, excluded.south),
        east = greatest(m.east, excluded.east),
        north = greatest(m.north, excluded.north),
        first_id = least(m.first_id, excluded.first_id),
        last_id = greatest(m.last_id, excluded.last_id);
    """


# Count one cell again: lock it (made first, counting nothing, if asked), then count in the next
# statement, whose snapshot is taken once the lock is held — at the finest level from the
# proposals of the cell's box, above from the four by four cells of the level below. Lookups go
# by the cell's place (indexes), whatever the tables' statistics say.
RECOUNT = f"""
CREATE FUNCTION proposals_map_cell_recount(
    k_campaign bigint, k_area bigint, k_district bigint, k_quartier bigint, k_theme bigint,
    k_status varchar, k_level smallint, k_cx integer, k_cy integer, k_make boolean
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    cell bigint;
    scale float8 := 2 ^ k_level;
BEGIN
    IF k_make THEN
        INSERT INTO proposals_mapcell ({KEY}, level, cx, cy, n)
        VALUES (k_campaign, k_area, k_district, k_quartier, k_theme, k_status, k_level, k_cx,
            k_cy, 0)
        ON CONFLICT ({KEY}, level, cx, cy) DO NOTHING;
    END IF;
    SELECT m.id INTO cell FROM proposals_mapcell m
    WHERE m.level = k_level AND m.cx = k_cx AND m.cy = k_cy AND {SAME_FILTERS.format(a="m")}
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF k_level = {FINEST} THEN
        UPDATE proposals_mapcell SET (n, sum_lon, sum_lat, west, south, east, north, first_id,
            last_id) = (
            SELECT count(*), sum(ST_X(p.location)), sum(ST_Y(p.location)),
                min(ST_X(p.location)), min(ST_Y(p.location)), max(ST_X(p.location)),
                max(ST_Y(p.location)), min(p.id), max(p.id)
            FROM proposals_proposal p
            WHERE p.location && ST_MakeEnvelope(
                    k_cx / scale * 360 - 180 - 1e-9,
                    degrees(atan(sinh(pi() * (1 - 2 * (k_cy + 1) / scale)))) - 1e-9,
                    (k_cx + 1) / scale * 360 - 180 + 1e-9,
                    degrees(atan(sinh(pi() * (1 - 2 * k_cy / scale)))) + 1e-9,
                    4326)
                AND {SAME_FILTERS.format(a="p")} AND {_visible("p")}
                AND {CELL_X.format(r="p")} = k_cx AND {CELL_Y.format(r="p")} = k_cy)
        WHERE id = cell;
    ELSE
        UPDATE proposals_mapcell SET (n, sum_lon, sum_lat, west, south, east, north, first_id,
            last_id) = (
            SELECT coalesce(sum(f.n), 0), sum(f.sum_lon), sum(f.sum_lat), min(f.west),
                min(f.south), max(f.east), max(f.north), min(f.first_id), max(f.last_id)
            FROM proposals_mapcell f
            WHERE f.level = k_level + 2 AND f.cx BETWEEN k_cx * 4 AND k_cx * 4 + 3
                AND f.cy BETWEEN k_cy * 4 AND k_cy * 4 + 3 AND {SAME_FILTERS.format(a="f")})
        WHERE id = cell;
    END IF;
END
$$;
"""


def _recount_each(source: str, *, make: bool, where: str = "TRUE") -> str:
    """Count again, one by one in ``ORDER``, the cells at every level of the visible rows of
    ``source`` (aliased r) meeting ``where``; ``make``: a cell not there yet is made."""
    return f"""
    FOR k IN
        SELECT DISTINCT {KEY}, level, cx, cy FROM ({_cells(source, where)}) AS q
        ORDER BY {ORDER}
    LOOP
        PERFORM proposals_map_cell_recount(k.campaign_id, k.area_id, k.district_id,
            k.quartier_id, k.theme_id, k.status, k.level::smallint, k.cx, k.cy,
            {str(make).upper()});
    END LOOP;
    """


# The rows of an UPDATE whose place on the map or filters changed (the others leave the cells
# alone: most updates are reviews, reports, edits of the text).
MOVED = """
    SELECT array_agg(o.id) INTO moved FROM removed o JOIN added a ON a.id = o.id
    WHERE (o.campaign_id, o.area_id, o.district_id, o.quartier_id, o.theme_id, o.status,
            o.location_status, o.is_hidden, ST_X(o.location), ST_Y(o.location))
        IS DISTINCT FROM (a.campaign_id, a.area_id, a.district_id, a.quartier_id, a.theme_id,
            a.status, a.location_status, a.is_hidden, ST_X(a.location), ST_Y(a.location));
"""

# Rows inserted are added to their cells in one statement (a bulk insert is one GROUP BY); rows
# changed or deleted have the cells they left and reached counted again.
FUNCTION = f"""
{RECOUNT}
CREATE FUNCTION proposals_map_cells() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moved bigint[];
    k record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_add("added r")}
    ELSIF TG_OP = 'UPDATE' THEN
        {MOVED}
        IF moved IS NULL THEN
            RETURN NULL;
        END IF;
        {
    _recount_each(
        "(SELECT * FROM removed UNION ALL SELECT * FROM added) r",
        make=True,
        where="r.id = ANY(moved)",
    )
}
    ELSE
        {_recount_each("removed r", make=False)}
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER proposals_map_cells_insert AFTER INSERT ON proposals_proposal
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION proposals_map_cells();
CREATE TRIGGER proposals_map_cells_update AFTER UPDATE ON proposals_proposal
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION proposals_map_cells();
CREATE TRIGGER proposals_map_cells_delete AFTER DELETE ON proposals_proposal
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION proposals_map_cells();
"""

DROP = """
DROP TRIGGER IF EXISTS proposals_map_cells_insert ON proposals_proposal;
DROP TRIGGER IF EXISTS proposals_map_cells_update ON proposals_proposal;
DROP TRIGGER IF EXISTS proposals_map_cells_delete ON proposals_proposal;
DROP FUNCTION IF EXISTS proposals_map_cells();
DROP FUNCTION IF EXISTS proposals_map_cell_recount(
    bigint, bigint, bigint, bigint, bigint, varchar, smallint, integer, integer, boolean
);
"""

BACKFILL = _add("proposals_proposal r")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0003_map_cells")]

    operations = [
        migrations.RunSQL(FUNCTION, DROP),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
