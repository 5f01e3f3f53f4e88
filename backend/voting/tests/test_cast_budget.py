"""What casting and reading a ballot cost in queries (docs/scaling.md, "Vote day"): budgets that
fail loudly when a cast starts reading more, a refused ballot that costs less than an accepted
one, the campaign's frozen ballots read once per process and read again after a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from campaigns.models import Envelope
from voting import frozen, roll
from voting import serializers as s
from voting.models import Ballot, Participation

from .conftest import box, declare, make_world

pytestmark = pytest.mark.django_db

# Token with its account, the test's savepoint (BEGIN in production), campaign row with its
# schedule, declaration FOR SHARE then roll entry FOR UPDATE (one statement), then one statement
# writing the participation (unless the person already has one of the kind: then their
# participations are read, to say where they voted) and the sealed ballot and share-locking the
# campaign's row to read whether counting has started (the race at the close, test_close_race),
# the test's release (COMMIT).
CAST_BUDGET = 6
# A replacement: a cast's reads and where the voter voted, then its participation locked, the
# campaign's row share-locked (before the old ballot goes: test_close_race), the old sealed
# ballot deleted, the new one written (with the lock and the check), the participation's seal
# updated.
REPLACE_BUDGET = 11
# Once the process has its frozen copy (the first request reads the campaign's id by its slug,
# then the snapshot: campaign, phases, areas, projects, envelopes, the ballot's projects with
# their zones): nothing, not even the token of a voter signed in (the ballot is public).
BALLOT_BUDGET = 0


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def mj_world():
    return make_world(rule="majority_judgment")


def voter_client(world):
    """A voter declared as ``declaration_submit`` leaves them: with their voter-roll entry."""
    user = UserFactory()
    declaration = declare(user, world.campaign)
    roll.roll_entry_correct(
        user=user,
        campaign=world.campaign,
        identity=roll.Identity(
            full_name=declaration.full_name,
            birth_date=declaration.birth_date,
            address=declaration.address,
        ),
        heart_area_id=declaration.heart_area_id,
        now=timezone.now(),
    )
    return user, token_client(user)


def cast(client, world, area="paris-05", **body):
    return client.post(
        f"/api/v1/campaigns/{world.campaign.slug}/ballots/",
        {"area": area, **body},
        format="json",
    )


def grades(world):
    return {"grades": {str(world.projects["jardin"].pk): "adore"}}


def test_a_cast_stays_within_its_query_budget(mj_world, django_assert_max_num_queries):
    _, warm = voter_client(mj_world)
    assert cast(warm, mj_world, **grades(mj_world)).status_code == 201  # the snapshot is read
    user, client = voter_client(mj_world)
    with django_assert_max_num_queries(CAST_BUDGET):
        response = cast(client, mj_world, **grades(mj_world))
    assert response.status_code == 201, response.json()
    assert Participation.objects.filter(person=user).count() == 1
    assert box(mj_world.campaign).count() == 2
    # The city-wide ballot, same voter: the same budget.
    with django_assert_max_num_queries(CAST_BUDGET):
        response = cast(
            client, mj_world, area="paris", grades={str(mj_world.projects["bibli"].pk): "aime_bien"}
        )
    assert response.status_code == 201, response.json()


def test_a_second_ballot_is_refused_by_the_write_and_explained(
    mj_world, django_assert_max_num_queries
):
    """The cast no longer reads where the voter voted before writing: the write finds the place
    taken (a unique constraint), writes nothing, and the refusal still says what check_vote
    says, for one more query (and the test's savepoint rolled back instead of released)."""
    user, client = voter_client(mj_world)
    assert cast(client, mj_world, **grades(mj_world)).status_code == 201
    with django_assert_max_num_queries(CAST_BUDGET + 2):
        again = cast(client, mj_world, grades={str(mj_world.projects["piste"].pk): "adore"})
    assert (again.status_code, again.json()["code"]) == (409, "already_voted")
    assert "receipt" in again.json()["message"]
    assert Participation.objects.filter(person=user).count() == 1
    assert box(mj_world.campaign).count() == 1
    # The city-wide ballot is another kind: still theirs.
    city = cast(
        client, mj_world, area="paris", grades={str(mj_world.projects["bibli"].pk): "adore"}
    )
    assert city.status_code == 201, city.json()
    assert box(mj_world.campaign).count() == 2


def test_a_replacement_stays_within_its_query_budget(mj_world, django_assert_max_num_queries):
    _, client = voter_client(mj_world)
    first = cast(client, mj_world, **grades(mj_world))
    assert first.status_code == 201
    url = f"/api/v1/campaigns/{mj_world.campaign.slug}/ballots/replace/"
    body = {"area": "paris-05", "grades": {str(mj_world.projects["piste"].pk): "aime_bien"}}
    with django_assert_max_num_queries(REPLACE_BUDGET):
        response = client.post(url, {**body, "receipt": first.json()["receipt"]}, format="json")
    assert response.status_code == 200, response.json()
    assert box(mj_world.campaign).count() == 1
    # The old receipt replaces nothing any more; the new one does.
    again = client.post(url, {**body, "receipt": first.json()["receipt"]}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "receipt_invalid"
    assert box(mj_world.campaign).count() == 1
    newer = client.post(url, {**body, "receipt": response.json()["receipt"]}, format="json")
    assert newer.status_code == 200
    assert box(mj_world.campaign).count() == 1


def test_a_refused_ballot_reads_nothing_about_the_voter(mj_world):
    _, warm = voter_client(mj_world)
    assert cast(warm, mj_world, **grades(mj_world)).status_code == 201
    _, client = voter_client(mj_world)
    with CaptureQueriesContext(connection) as accepted:
        assert cast(client, mj_world, **grades(mj_world)).status_code == 201
    other, client = voter_client(mj_world)
    with CaptureQueriesContext(connection) as refused:
        response = cast(client, mj_world, grades={})
    assert response.status_code == 400 and response.json()["code"] == "empty_ballot"
    sql = " ".join(q["sql"] for q in refused.captured_queries)
    assert "voting_voterdeclaration" not in sql and "voting_voterrollentry" not in sql

    def real(queries):  # the test's own transaction adds savepoints around each request
        return [q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]

    assert len(real(refused)) <= 3  # the token, the campaign's row and its schedule
    assert len(real(accepted)) >= 2 * len(real(refused))
    assert not Participation.objects.filter(person=other).exists()


def test_casting_locks_no_row_of_the_campaign_or_its_areas(mj_world):
    """Locks taken through a join (a model's default ordering) would make every cast wait for
    the one before it, and deadlock with replacements."""
    _, client = voter_client(mj_world)
    with CaptureQueriesContext(connection) as queries:
        assert cast(client, mj_world, **grades(mj_world)).status_code == 201
    locking = [
        select
        for q in queries.captured_queries
        for select in _locking_selects(q["sql"], "FOR UPDATE")
    ]
    assert locking  # the roll entry is locked…
    for select in locking:  # …alone
        assert " JOIN " not in select or 'FOR UPDATE OF "voting_' in select, select


def _locking_selects(sql: str, clause: str) -> list[str]:
    """The SELECT each ``clause`` of ``sql`` belongs to: the innermost parenthesised query
    around it (a subquery locks the rows of its own FROM), or the whole statement."""
    found = []
    start = sql.find(clause)
    while start != -1:
        depth, left = 0, 0
        for i in range(start, -1, -1):
            depth += {")": 1, "(": -1}.get(sql[i], 0)
            if depth < 0:
                left = i
                break
        depth, right = 0, len(sql)
        for i in range(start, len(sql)):
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            if depth < 0:
                right = i
                break
        found.append(sql[left:right])
        start = sql.find(clause, start + 1)
    return found


def test_locking_selects_are_found_in_their_subqueries():
    """The helper above, on the shapes it must tell apart."""
    one = "SELECT * FROM t WHERE a = 1 FOR UPDATE"
    assert _locking_selects(one, "FOR UPDATE") == [one]
    joined = "SELECT * FROM t JOIN u ON u.id = t.u FOR UPDATE"
    assert _locking_selects(joined, "FOR UPDATE") == [joined]
    lateral = (
        "SELECT d.a, e.b FROM (SELECT * FROM d WHERE x = 1 FOR SHARE) d LEFT JOIN LATERAL "
        "(SELECT * FROM e WHERE e.y = d.y ORDER BY id LIMIT 1 FOR UPDATE) e ON true"
    )
    assert _locking_selects(lateral, "FOR UPDATE") == [
        "(SELECT * FROM e WHERE e.y = d.y ORDER BY id LIMIT 1 FOR UPDATE"
    ]
    assert _locking_selects(lateral, "FOR SHARE") == ["(SELECT * FROM d WHERE x = 1 FOR SHARE"]


def test_reading_a_ballot_stays_within_its_query_budget(mj_world, django_assert_max_num_queries):
    _, client = voter_client(mj_world)
    url = f"/api/v1/campaigns/{mj_world.campaign.slug}/areas/paris-05/ballot/"
    first = client.get(url)
    assert first.status_code == 200
    assert {p["id"] for p in first.json()} == {
        mj_world.projects[k].pk for k in ("jardin", "piste", "bancs")
    }
    with django_assert_max_num_queries(BALLOT_BUDGET):
        again = client.get(url)
    assert again.json() == first.json()
    # Public: the same answer for nobody signed in, and a token is not even looked at.
    stranger = APIClient()
    stranger.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    with django_assert_max_num_queries(BALLOT_BUDGET):
        assert stranger.get(url).json() == first.json()
    assert APIClient().get(url).json() == first.json()
    assert (
        client.get(f"/api/v1/campaigns/{mj_world.campaign.slug}/areas/nowhere/ballot/").status_code
        == 404
    )


def test_a_change_to_the_ballots_is_seen_at_the_next_request(
    django_capture_on_commit_callbacks,
):
    """A saved envelope: when the save commits, the version in Redis changes, so a process
    still holding the old copy reads the ballots again."""
    world = make_world(rule="knapsack")
    _, client = voter_client(world)
    now = timezone.now()
    before = frozen.frozen_snapshot(campaign_id=world.campaign.pk, now=now)
    assert before is not None and before.envelopes[world.areas["paris-05"].pk] == 600_000
    assert frozen.frozen_snapshot(campaign_id=world.campaign.pk, now=now) is before
    envelope = Envelope.objects.get(campaign=world.campaign, area=world.areas["paris-05"])
    envelope.amount = 1_000_000
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        envelope.save()
    assert callbacks
    frozen._by_pk[world.campaign.pk] = before  # what another process still holds…
    before.checked_at -= frozen.VERSION_CHECK  # …once it looks at the version again
    after = frozen.frozen_snapshot(campaign_id=world.campaign.pk, now=now)
    assert after is not before and after.envelopes[world.areas["paris-05"].pk] == 1_000_000
    # Over the old envelope, within the new one: accepted.
    picks = [world.projects[k].pk for k in ("jardin", "piste")]
    response = cast(client, world, projects=picks)
    assert response.status_code == 201, response.json()


def test_nothing_is_cached_before_voting_opens():
    world = make_world(phase="review")
    assert frozen.frozen_snapshot(campaign_id=world.campaign.pk, now=timezone.now()) is None


@pytest.mark.parametrize(
    ("rule", "choices", "cast_on", "status"),
    [
        ("approval", {"projects": ["bancs", "jardin"]}, "2026-05-04", "sealed"),
        (
            "majority_judgment",
            {"grades": {"piste": "adore", "jardin": "pas_convaincu"}},
            None,
            "counted",
        ),
        ("cumulative", {"points": {"bancs": 3, "piste": 0}}, "2026-05-31", "not_counted"),
        ("knapsack", {"projects": []}, "2026-06-01", "sealed"),
    ],
)
def test_cast_output_is_what_the_serializer_gives(mj_world, rule, choices, cast_on, status):
    """The cast's answer is built without DRF's serializers (vote day's hot path): it must stay
    what ``BallotCastOutput`` gives, key for key and type for type, whatever the rule."""
    ids = {key: mj_world.projects[key].pk for key in ("bancs", "jardin", "piste")}
    content = {
        name: [ids[k] for k in value]
        if isinstance(value, list)
        else {str(ids[k]): v for k, v in value.items()}
        for name, value in choices.items()
    }
    ballot = Ballot(
        campaign=mj_world.campaign,
        area=mj_world.areas["paris-05"],
        rule=rule,
        choices=content,
        receipt_hash="0" * 64,
        cast_on=None if cast_on is None else timezone.datetime.fromisoformat(cast_on).date(),
        counted=status == "counted",
    )
    ballot.status = status
    titles = {pid: (f"Projet « {pid} »", 1000 * pid) for pid in sorted(ids.values())}
    data = s.ballot_data(ballot, titles)
    expected = s.BallotCastOutput({"receipt": "7KQ3-M9TX-2B4H-0PZD", "ballot": data}).data
    got = s.ballot_cast_output("7KQ3-M9TX-2B4H-0PZD", data)
    assert got == expected
    assert [list(c) for c in got["ballot"]["choices"]] == [
        list(c) for c in expected["ballot"]["choices"]
    ]
    assert got["ballot"]["choices"] or not any(content.values())


_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=20_000),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.sampled_from(["", " ", "adore", " adore", "adore\n", "aime_bien", "Adore", "x" * 41]),
    st.text(max_size=6),
)
_json = st.recursive(
    _json_leaf,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=8,
)
_area = st.sampled_from(["paris-05", "paris", "x" * 40, "x" * 41, "paris 05", "paris-05\n", ""])
_grade = st.sampled_from(["adore", "pas_convaincu", "x" * 40, "x" * 41, " adore", "", "Adore"])
_ballot_like = st.fixed_dictionaries(
    {"area": st.one_of(_area, _area, _area, _json)},
    optional={
        "projects": st.one_of(
            st.lists(st.integers(min_value=1, max_value=10**12), max_size=5),
            st.lists(st.one_of(st.integers(min_value=-1, max_value=3), st.booleans()), max_size=3),
            _json,
        ),
        "grades": st.one_of(
            st.dictionaries(st.sampled_from(["1", "2", "17", "x"]), _grade, max_size=3),
            st.dictionaries(st.sampled_from(["1", "2"]), st.one_of(_grade, _json), max_size=3),
            _json,
        ),
        "points": st.one_of(
            st.dictionaries(
                st.sampled_from(["1", "2", "17"]),
                st.one_of(st.integers(min_value=-2, max_value=10_002), st.booleans(), st.just(2.0)),
                max_size=3,
            ),
            _json,
        ),
        "receipt": _json,
    },
)


_plain_ballot = st.fixed_dictionaries(
    {"area": st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True)},
    optional={
        "projects": st.lists(st.integers(min_value=1, max_value=2**70), max_size=6),
        "grades": st.dictionaries(
            st.text(max_size=5), st.from_regex(r"[a-z0-9_]{1,40}", fullmatch=True), max_size=4
        ),
        "points": st.dictionaries(
            st.text(max_size=5), st.integers(min_value=0, max_value=10_000), max_size=4
        ),
    },
)


@settings(max_examples=200, deadline=None)
@given(_plain_ballot)
def test_a_plain_ballot_is_read_as_the_serializer_reads_it(data):
    fast = s.ballot_input(data)
    assert fast is not None
    serializer = s.BallotInput(data=data)
    assert serializer.is_valid(), serializer.errors
    assert fast == dict(serializer.validated_data)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_ballot_like, _ballot_like, _ballot_like, _json))
def test_ballot_input_is_what_the_serializer_gives(data):
    """The cast reads a plainly valid ballot without DRF's serializer (vote day's hot path):
    whatever it reads must be exactly what ``BallotInput`` gives, and anything it leaves to the
    serializer is still read, refused or converted there."""
    fast = s.ballot_input(data)
    if fast is None:
        return
    serializer = s.BallotInput(data=data)
    assert serializer.is_valid(), serializer.errors
    assert fast == dict(serializer.validated_data)
    assert {k: type(v) for k, v in fast.items()} == {
        k: type(v) for k, v in serializer.validated_data.items()
    }


def test_ballot_input_reads_the_ballots_voters_send():
    """The fast path is taken for the ballots the map's front end sends (else it saves nothing),
    and left for what the serializer must convert or refuse."""
    assert s.ballot_input({"area": "paris-05", "grades": {"12": "adore"}}) == {
        "area": "paris-05",
        "grades": {"12": "adore"},
    }
    assert s.ballot_input({"area": "paris", "projects": [3, 4]}) == {
        "area": "paris",
        "projects": [3, 4],
    }
    assert s.ballot_input({"area": "paris", "points": {"3": 2}}) is not None
    for left in (
        {"area": "paris", "projects": ["3"]},  # converted by the serializer
        {"area": "paris", "projects": [True]},  # refused by it
        {"area": " paris"},
        {"area": "paris", "grades": {"3": "J'adore"}},
        {"area": "paris", "points": {"3": 10_001}},
        {"area": "paris", "projects": list(range(1, s.MAX_CHOICES + 2))},
        {"area": "paris", "receipt": "x"},
        ["paris"],
    ):
        assert s.ballot_input(left) is None, left


def _stored(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_a_row_read_without_the_orm_is_the_orms_instance(world):
    """The cast reads its rows with ``core.copying.row_instance`` instead of the ORM: every
    field must come out as the ORM gives it (a geometry, JSON, dates, foreign keys), and the
    instance be marked as stored."""
    from audit.models import AuditRecord
    from campaigns.models import Campaign
    from core.copying import row_columns, row_instance
    from voting.models import VoterDeclaration

    user = UserFactory()
    declaration = declare(user, world.campaign)
    record = AuditRecord.objects.create(
        at=timezone.now(),
        action="test.read",
        object_type="test",
        object_id="1",
        campaign=world.campaign,
        before={"a": [1, 2, {"b": None}]},
        after={"é": "ü", "n": 1.5},
    )
    reads = {}
    for model, pk in (
        (VoterDeclaration, declaration.pk),
        (Campaign, world.campaign.pk),
        (type(user), user.pk),
        (AuditRecord, record.pk),
    ):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {row_columns(model, 'x')} FROM {model._meta.db_table} x "  # noqa: S608
                "WHERE x.id = %s",
                [pk],
            )
            read = row_instance(model, cursor.fetchone())
        orm = model.objects.get(pk=pk)
        assert _stored(read) == _stored(orm), model
        assert not read._state.adding and read._state.db == "default"
        reads[model] = read
    assert reads[AuditRecord].after == {"é": "ü", "n": 1.5}  # JSON parsed, not text
    point = reads[VoterDeclaration].home_point  # a geometry, not its bytes
    assert (point.srid, round(point.x, 4), round(point.y, 4)) == (4326, 2.3498, 48.8437)
