"""The ballot box, tried as a database reader, an administrator and an auditor would.

While voting and checking go on, ballots wait sealed with the ballot key; when the results phase
starts the box is opened in one transaction: the ballots of refused voters are left out (their
receipts say so, their content is destroyed), the others are written in random order with new
ids and no date, and every seal is erased. After that nothing links a ballot to a voter: no key,
no date, no transaction id, no physical order (docs/adr/0007-ballot-secrecy.md)."""

from __future__ import annotations

import base64
import io
import json
import logging
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from campaigns.models import Campaign, Envelope
from campaigns.services import campaign_phase_advance
from core.logs import JsonFormatter, RequestContextFilter
from results.services import results_tally
from voting.models import Ballot, DiscardedReceipt, Participation, SealedBallot, VoterDeclaration
from voting.services import CountRefused, ballot_box_open, declaration_review

from .conftest import client_for, declare, make_world


def cast(user, world, area="paris-05", project="jardin"):
    response = client_for(user).post(
        f"/api/v1/campaigns/{world.campaign.slug}/ballots/",
        {"area": area, "projects": [world.projects[project].pk]},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()["receipt"]


def check(receipt):
    return client_for(UserFactory()).post(
        "/api/v1/receipts/check/", {"receipt": receipt}, format="json"
    )


def publish(world, now):
    """The administrator ends voting and starts the results phase now."""
    admin = UserFactory(role="administrator")
    campaign_phase_advance(campaign=world.campaign, actor=admin, reason="close", now=now)
    campaign = Campaign.objects.prefetch_related("phases", "areas").get(pk=world.campaign.pk)
    assert campaign.voting_stage(now) == "published"
    return campaign


@pytest.fixture
def voted(world):
    """Five voters of the 5th voted (one for « bancs », four for « jardin »); one of them will
    be refused."""
    voters = [UserFactory() for _ in range(5)]
    receipts = []
    for i, user in enumerate(voters):
        declare(user, world.campaign)
        receipts.append(cast(user, world, project="bancs" if i == 0 else "jardin"))
    return voters, receipts


def test_ballots_wait_sealed_a_database_reader_reads_nothing(world, voted):
    _voters, receipts = voted
    assert not Ballot.objects.filter(campaign=world.campaign).exists()
    rows = list(SealedBallot.objects.filter(campaign=world.campaign))
    assert len(rows) == 5
    for row in rows:
        # A Fernet token: URL-safe base64 only, no JSON, no braces, no project list in clear.
        assert re.fullmatch(r"[A-Za-z0-9_=-]+", row.sealed), row.sealed
        assert "projects" not in row.sealed and "{" not in row.sealed
        assert base64.urlsafe_b64decode(row.sealed)[0] == 0x80  # Fernet's version byte
    # The holder of a receipt sees their ballot, sealed until counting starts.
    body = check(receipts[0]).json()
    assert body["status"] == "sealed" and body["counted"] is False
    assert [c["project"] for c in body["choices"]] == [world.projects["bancs"].pk]
    # The seal on the participation is not the receipt hash (a keyed hash of it).
    hashes = set(SealedBallot.objects.values_list("receipt_hash", flat=True))
    seals = set(Participation.objects.values_list("ballot_seal", flat=True))
    assert len(seals) == 5 and not seals & hashes


def test_counting_opens_the_box_once_and_leaves_out_the_refused(world, voted):
    voters, receipts = voted
    official = UserFactory(role="official", areas=["paris-05"])
    now = timezone.now()
    declaration = VoterDeclaration.objects.get(person=voters[0], campaign=world.campaign)
    declaration_review(
        declaration=declaration, actor=official, decision="refused", reason="Not a resident.",
        now=now,
    )  # fmt: skip
    # Refusing changes nothing about any ballot now: nothing to watch.
    assert SealedBallot.objects.filter(campaign=world.campaign).count() == 5
    sealed_ids = set(SealedBallot.objects.values_list("id", flat=True))
    later = now + timedelta(seconds=5)
    campaign = publish(world, later)
    [result] = [
        r for r in results_tally(campaign_id=campaign.pk, now=later) if r.area.code == "paris-05"
    ]
    campaign.refresh_from_db()
    assert campaign.count_started_at == later
    assert not SealedBallot.objects.filter(campaign=campaign).exists()
    ballots = list(Ballot.objects.filter(campaign=campaign))
    assert len(ballots) == 4
    assert all(b.cast_on is None and b.counted for b in ballots)
    assert not {b.id for b in ballots} & sealed_ids  # new ids
    assert [b.choices for b in ballots] == [{"projects": [world.projects["jardin"].pk]}] * 4
    assert set(
        Participation.objects.filter(campaign=campaign).values_list("ballot_seal", flat=True)
    ) == {""}
    assert DiscardedReceipt.objects.filter(campaign=campaign).count() == 1
    assert (result.ballots_counted, result.ballots_not_counted) == (4, 1)
    refused = check(receipts[0]).json()
    assert (refused["status"], refused["choices"]) == ("not_counted", [])
    assert check(receipts[1]).json()["status"] == "counted"
    record = AuditRecord.objects.get(action="campaign.count_started", campaign=campaign)
    assert record.after == {"ballots_counted": 4, "ballots_left_out": 1}
    # Idempotent: a second opening does nothing.
    assert ballot_box_open(campaign=campaign, now=later + timedelta(hours=1)) is None
    assert sorted(Ballot.objects.filter(campaign=campaign).values_list("id", flat=True)) == sorted(
        b.id for b in ballots
    )


def test_a_late_refusal_is_recorded_and_reported_never_subtracted(world, voted, admin_api):
    voters, receipts = voted
    now = timezone.now()
    campaign = publish(world, now)
    results_tally(campaign_id=campaign.pk, now=now)
    url = f"/api/v1/campaigns/{campaign.slug}/areas/paris-05/ballots.pb"
    before = admin_api.get(url)
    assert before.status_code == 200
    official = UserFactory(role="official", areas=["paris-05"])
    declaration = VoterDeclaration.objects.get(person=voters[0], campaign=campaign)
    for decision, reason in (("refused", "Moved away."), ("checked", ""), ("refused", "Again.")):
        declaration_review(
            declaration=declaration, actor=official, decision=decision, reason=reason,
            now=timezone.now(),
        )  # fmt: skip
        # Refusing or restoring one voter changes nothing an administrator can read.
        assert admin_api.get(url).content == before.content
        assert check(receipts[0]).json()["status"] == "counted"
    body = admin_api.get(f"/api/v1/campaigns/{campaign.slug}/results/").json()
    assert body["late_refusals"] == 1 and body["count_started_at"] is not None
    last = AuditRecord.objects.filter(action="declaration.refused").latest("id")
    assert last.after["after_count_started"] is True


def test_a_refused_voter_whose_ballot_cannot_be_found_stops_the_count(world, voted):
    voters, _ = voted
    declare_refused = VoterDeclaration.objects.get(person=voters[2], campaign=world.campaign)
    VoterDeclaration.objects.filter(pk=declare_refused.pk).update(
        status="refused", review_reason="x"
    )
    Participation.objects.filter(person=voters[2]).update(ballot_seal="0" * 64)
    now = timezone.now()
    campaign = publish(world, now)
    with pytest.raises(CountRefused, match="cannot be found"):
        ballot_box_open(campaign=campaign, now=now)
    campaign.refresh_from_db()
    assert campaign.count_started_at is None
    assert SealedBallot.objects.filter(campaign=campaign).count() == 5  # nothing lost


def test_a_box_sealed_with_another_key_is_not_counted_silently(world):
    voter = UserFactory()
    declare(voter, world.campaign)
    with override_settings(BALLOT_SEAL_KEY="the key the ballots were sealed with, long enough"):
        cast(voter, world)
    now = timezone.now()
    campaign = publish(world, now)
    other = "another key entirely, also long enough........"
    with override_settings(BALLOT_SEAL_KEY=other), pytest.raises(CountRefused, match="ballot key"):
        ballot_box_open(campaign=campaign, now=now)
    assert SealedBallot.objects.filter(campaign=campaign).count() == 1


def test_the_box_is_not_opened_before_the_results_phase(world, voted):
    from core.errors import PhaseClosed

    with pytest.raises(PhaseClosed):
        ballot_box_open(campaign=world.campaign, now=timezone.now())
    assert SealedBallot.objects.filter(campaign=world.campaign).count() == 5


def test_no_log_line_of_a_ballot_request_carries_a_user_a_request_id_or_a_time(world, voter):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    loggers = [logging.getLogger(name) for name in ("belvedere.access", "django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        receipt = cast(voter, world)
        again = client_for(voter).post(
            f"/api/v1/campaigns/{world.campaign.slug}/ballots/",
            {"area": "paris-05", "projects": [world.projects["jardin"].pk]},
            format="json",
        )
        assert again.status_code == 409  # a refusal is logged by Django too
        check(receipt)
        client_for(voter).get("/api/v1/themes/")  # an ordinary request, for contrast
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    ballot_lines = [line for line in lines if "themes" not in line["message"]]
    assert len(ballot_lines) >= 3
    for line in ballot_lines:
        assert line.get("user_id") is None and line["request_id"] is None, line
        assert len(line["time"]) == 10, line  # YYYY-MM-DD
        assert voter.pk not in line.values() and str(voter.pk) not in line.values(), line
    [ordinary] = [line for line in lines if "themes" in line["message"]]
    assert ordinary["user_id"] == voter.pk and len(ordinary["time"]) > 10


# --- what a database superuser finds after the count (real commits) --------------------------


@pytest.fixture
def committed(transactional_db):
    from django.core.management import call_command

    from campaigns.services import themes_load
    from geo.models import Area

    if not Area.objects.filter(code="paris-05").exists():
        call_command("load_reference_data", verbosity=0)
        themes_load()


def _pages(table: str) -> list[tuple[int, int]]:
    """Every tuple on disk (live or dead): (line pointer flags, xmin), through pageinspect."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
        pages = cursor.fetchone()[0]
        out = []
        for page in range(pages):
            cursor.execute(
                "SELECT lp_flags, t_xmin::text::bigint FROM heap_page_items(get_raw_page(%s, %s))"
                " WHERE lp_flags <> 0",
                [table, page],
            )
            out.extend(cursor.fetchall())
    return out


def _wait_for_the_horizon(xid: int, seconds: float = 60) -> None:
    """Run VACUUM FULL again until no other session of the cluster holds a snapshot or a
    transaction older than ``xid`` (another test run sharing the server, say); then return."""
    import time

    from voting.services import ballot_tables_vacuum

    deadline = time.monotonic() + seconds
    while True:
        ballot_tables_vacuum()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND ("
                " backend_xmin::text::bigint <= %s OR backend_xid::text::bigint <= %s)",
                [xid, xid],
            )
            pinned = cursor.fetchone()[0]
        if not pinned or time.monotonic() > deadline:
            if pinned:
                ballot_tables_vacuum()
            return
        time.sleep(1)


def test_after_the_count_no_column_xmin_or_order_links_a_ballot_to_a_voter(committed):
    """40 voters cast, each in their own transaction; then the count runs as the Celery task
    does (with VACUUM FULL). Every ballot row on disk was written by one transaction, the dead
    versions are gone, and the physical order says nothing of the order of casting."""
    from results.tasks import tally_campaign

    world = make_world()
    Envelope.objects.filter(campaign=world.campaign).update(amount=10**9)
    order = []  # receipt hashes in the order of casting
    from voting.receipts import receipt_hash

    for i in range(40):
        user = UserFactory()
        declare(user, world.campaign)
        order.append(receipt_hash(cast(user, world, project=["jardin", "bancs", "piste"][i % 3])))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT xmin::text) FROM voting_sealedballot")
        assert cursor.fetchone()[0] == 40  # casting: one transaction each
    admin = UserFactory(role="administrator")
    now = timezone.now()
    campaign_phase_advance(campaign=world.campaign, actor=admin, reason="close", now=now)
    assert tally_campaign(world.campaign.pk)
    table = Ballot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text, receipt_hash FROM {table} ORDER BY ctid")  # noqa: S608
        rows = cursor.fetchall()
        cursor.execute("SELECT DISTINCT xmin::text FROM voting_participation")
        participation_xmins = {r[0] for r in cursor.fetchall()}
    assert len(rows) == 40
    assert len({xmin for xmin, _ in rows}) == 1  # one transaction wrote them all
    assert participation_xmins == {rows[0][0]}  # and erased every seal in the same one
    # The physical order is a random permutation of the casting order.
    position = {h: i for i, h in enumerate(order)}
    ranks = [position[h] for _, h in rows]
    n = len(ranks)
    spearman = 1 - 6 * sum((i - r) ** 2 for i, r in enumerate(ranks)) / (n * (n * n - 1))
    assert abs(spearman) < 0.7, spearman
    # On disk: no dead version of a ballot, a box row or a seal is left for a file backup. (A
    # transaction elsewhere in the cluster holding an older snapshot makes VACUUM FULL keep the
    # dead versions: wait, bounded, for the horizon to pass, as the count would on a busy server.)
    _wait_for_the_horizon(int(rows[0][0]))
    on_disk = _pages(table)
    assert len(on_disk) == 40 and {xmin for _, xmin in on_disk} == {int(rows[0][0])}
    assert _pages(SealedBallot._meta.db_table) == []
    assert all(xmin == int(rows[0][0]) for _, xmin in _pages(Participation._meta.db_table))


def test_a_cast_checked_while_open_but_written_after_the_count_started_is_refused(world, voted):
    """The race at the close: a cast was checked an instant before voting ended, and reaches
    the ballot box after it was opened. It must be refused (nothing stored), never acknowledged
    and left out of the count."""
    from voting.errors import VotingClosed
    from voting.services import ballot_cast

    before = timezone.now()  # voting is open at this instant
    late = UserFactory()
    declare(late, world.campaign)
    campaign = publish(world, before + timedelta(seconds=1))
    ballot_box_open(campaign=campaign, now=before + timedelta(seconds=1))
    with pytest.raises(VotingClosed, match="counting has started"):
        ballot_cast(
            voter=late,
            campaign=Campaign.objects.get(pk=world.campaign.pk),
            area=world.areas["paris-05"],
            now=before,  # as the cast's own check saw it
            projects=[world.projects["jardin"].pk],
        )
    assert not Participation.objects.filter(person=late).exists()
    assert not SealedBallot.objects.filter(campaign=campaign).exists()
    assert Ballot.objects.filter(campaign=campaign).count() == 5
