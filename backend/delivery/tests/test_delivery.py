"""Winning projects' delivery: records made from the published results (idempotently), edited
by the officials of the project's area from the results phase on, every change audited and
announced after the commit; the public list, detail and map."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from core import events
from core.testing.api import assert_error, client_for
from delivery.models import Delivery, Milestone, Status
from delivery.services import deliveries_sync

from .conftest import winners_in

pytestmark = pytest.mark.django_db


def url(delivery_or_pk) -> str:
    pk = getattr(delivery_or_pk, "pk", delivery_or_pk)
    return f"/api/v1/deliveries/{pk}/"


# --- made from the results -------------------------------------------------------------------


def test_records_are_made_for_winners_only_and_only_once():
    made = winners_in("results")
    now = timezone.now()
    assert deliveries_sync(now=now) == 3
    assert deliveries_sync(now=now) == 0
    assert set(Delivery.objects.values_list("pk", flat=True)) == {
        made["garden"].pk,
        made["benches"].pk,
        made["canal"].pk,
    }
    garden = Delivery.objects.get(pk=made["garden"].pk)
    assert (garden.status, garden.area.code, garden.campaign_id) == (
        Status.STUDY,
        "paris-05",
        made["campaign"].pk,
    )


def test_the_first_public_read_makes_them(api):
    made = winners_in("implementation")
    assert not Delivery.objects.exists()
    response = api.get("/api/v1/deliveries/")
    assert response.status_code == 200
    titles = sorted(item["title"] for item in response.json()["results"])
    assert titles == sorted(p.title for p in (made["garden"], made["benches"], made["canal"]))


def test_no_record_before_the_results_are_public(api):
    winners_in("voting")  # a stored result (e.g. counted early) stays private until the phase
    assert deliveries_sync(now=timezone.now()) == 0
    assert api.get("/api/v1/deliveries/").json()["count"] == 0


def test_records_from_a_real_count(api, settings):
    """The winners results_tally stores (not a hand-written result) get their records."""
    from results.services import results_tally
    from results.tests.factories import ballot, project, voting_campaign_with

    campaign, area = voting_campaign_with("results", voting_rule="approval", amount=100)
    a = project(campaign, area, "Projet A", 60)
    b = project(campaign, area, "Projet B", 50)
    ballot(campaign, area, {"projects": [a.pk]})
    ballot(campaign, area, {"projects": [a.pk, b.pk]})
    [result] = results_tally(campaign_id=campaign.pk, now=timezone.now())
    winners = {w["project"] for w in result.winners}
    assert api.get(url(a)).status_code == 200
    assert set(Delivery.objects.values_list("pk", flat=True)) == winners


# --- who may edit, when ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 403),
        ("resident", 403),
        ("official_elsewhere", 403),
        ("official_here", 200),
        ("administrator", 200),
    ],
)
def test_who_may_edit(winners, who, status):
    users = {
        "anonymous": None,
        "resident": UserFactory(),
        "official_elsewhere": UserFactory(role="official", areas=["paris-19"]),
        "official_here": UserFactory(role="official", areas=["paris-05"]),
        "administrator": UserFactory(role="administrator"),
    }
    client = client_for(users[who])
    response = client.patch(url(winners["delivery"]), {"budget_spent": 1000}, format="json")
    if status == 200:
        assert response.status_code == 200, response.content
        assert response.json()["budget_spent"] == 1000
    elif who == "anonymous":
        assert response.status_code in (401, 403)
    else:
        assert_error(response, 403, "permission_denied")
        assert Delivery.objects.get(pk=winners["delivery"].pk).budget_spent == 0
    milestone = client.post(
        url(winners["delivery"]) + "milestones/",
        {"date": "2026-11-02", "text": "Études lancées."},
        format="multipart",
    )
    assert milestone.status_code == (201 if status == 200 else milestone.status_code)
    if status != 200:
        assert milestone.status_code in (401, 403)


@pytest.mark.parametrize(
    ("phase", "allowed"),
    [
        ("review", False),
        ("voting", False),
        ("results", True),
        ("implementation", True),
        ("closed", False),
    ],
)
def test_phases(phase, allowed, official_api):
    made = winners_in(phase)
    Delivery.objects.create(
        project=made["garden"], campaign=made["campaign"], area=made["garden"].area
    )
    response = official_api.patch(url(made["garden"]), {"status": "in_progress"}, format="json")
    milestone = official_api.post(
        url(made["garden"]) + "milestones/", {"date": "2026-11-02", "text": "Étape."}
    )
    if allowed:
        assert response.status_code == 200
        assert response.json()["status"] == "in_progress"
        assert milestone.status_code == 201
    else:
        assert_error(response, 409, "phase_closed")
        assert_error(milestone, 409, "phase_closed")


def test_the_can_map_says_what_the_service_does(winners, official_api, other_official_api, api):
    assert official_api.get(url(winners["delivery"])).json()["can"] == {"edit": True}
    assert other_official_api.get(url(winners["delivery"])).json()["can"] == {"edit": False}
    assert api.get(url(winners["delivery"])).json()["can"] == {"edit": False}


# --- values, audit, announcement ------------------------------------------------------------


def test_abandoning_needs_a_public_reason(winners, official_api):
    response = official_api.patch(url(winners["delivery"]), {"status": "abandoned"}, format="json")
    assert_error(response, 400, "required", "abandon_reason")
    response = official_api.patch(
        url(winners["delivery"]), {"status": "abandoned", "abandon_reason": "   "}, format="json"
    )
    assert_error(response, 400, "required", "abandon_reason")
    assert Delivery.objects.get(pk=winners["delivery"].pk).status == Status.STUDY
    response = official_api.patch(
        url(winners["delivery"]),
        {"status": "abandoned", "abandon_reason": "Le terrain n'est pas disponible."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["abandon_reason"] == "Le terrain n'est pas disponible."
    # Taken up again: the reason goes with the status.
    response = official_api.patch(url(winners["delivery"]), {"status": "study"}, format="json")
    assert response.json()["abandon_reason"] == ""


def test_the_database_refuses_an_abandon_without_reason(winners):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.filter(pk=winners["delivery"].pk).update(status=Status.ABANDONED)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"budget_spent": -1}, "budget_spent"),
        ({"budget_spent": "beaucoup"}, "budget_spent"),
        ({"status": "fini"}, "status"),
        ({"services": "DVD"}, "services"),
        ({"services": ["x" * 201]}, "services.0"),
    ],
)
def test_bad_values_name_their_field(winners, official_api, body, field):
    response = official_api.patch(url(winners["delivery"]), body, format="json")
    assert_error(response, 400, "invalid", field)


def test_an_edit_is_audited_and_announced_after_the_commit(
    winners, official, official_api, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    events.delivery_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = official_api.patch(
                url(winners["delivery"]),
                {
                    "status": "in_progress",
                    "budget_spent": 45_000,
                    "services": ["Direction des Espaces Verts et de l’Environnement", "DVD"],
                },
                format="json",
            )
            assert response.status_code == 200
            assert heard == []  # nothing is said before the commit
        for callback in callbacks:
            callback()
    finally:
        events.delivery_changed.disconnect(listener)
    [said] = [h for h in heard if h["kind"] == "status"]
    assert said["project"].pk == winners["garden"].pk and said["actor"] == official
    assert "en cours" in said["text"]
    record = AuditRecord.objects.get(action="delivery.update")
    assert record.actor == official and record.object_id == str(winners["garden"].pk)
    assert record.before["status"] == "study" and record.after["status"] == "in_progress"
    assert record.after["budget_spent"] == 45_000
    assert record.after["services"][0].startswith("Direction des Espaces Verts")
    assert record.area.code == "paris-05" and record.campaign == winners["campaign"]


def test_an_edit_changing_nothing_leaves_no_record(winners, official_api):
    official_api.patch(url(winners["delivery"]), {"budget_spent": 0}, format="json")
    assert not AuditRecord.objects.filter(action="delivery.update").exists()


def test_a_milestone_is_audited_announced_and_public(
    winners, official, official_api, api, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    events.delivery_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = official_api.post(
                url(winners["delivery"]) + "milestones/",
                {
                    "date": "2026-10-15",
                    "kind": "works",
                    "text": "Début des travaux du jardin.",
                    "text_en": "Works on the garden begin.",
                },
                format="multipart",
            )
    finally:
        events.delivery_changed.disconnect(listener)
    assert response.status_code == 201, response.content
    assert [h["kind"] for h in heard] == ["milestone"]
    record = AuditRecord.objects.get(action="delivery.milestone_add")
    assert record.actor == official and record.after["kind"] == "works"
    [milestone] = api.get(url(winners["delivery"])).json()["milestones"]
    assert (
        milestone["date"] == "2026-10-15" and milestone["text_en"] == "Works on the garden begin."
    )
    assert milestone["photos"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "2026-10-15"}, "text"),
        ({"text": "Sans date."}, "date"),
        ({"date": "1999-12-31", "text": "Trop tôt."}, "date"),
        ({"date": "2026-10-15", "text": "x", "kind": "fête"}, "kind"),
    ],
)
def test_bad_milestones_name_their_field(winners, official_api, body, field):
    response = official_api.post(url(winners["delivery"]) + "milestones/", body, format="multipart")
    assert_error(response, 400, "invalid", field)


# --- public reads ----------------------------------------------------------------------------


def test_list_filters(winners, api):
    Delivery.objects.filter(pk=winners["canal"].pk).update(status=Status.DELIVERED)
    slug = winners["campaign"].slug
    by_area = api.get("/api/v1/deliveries/", {"area": "paris-19"}).json()["results"]
    assert [d["project"] for d in by_area] == [winners["canal"].pk]
    delivered = api.get("/api/v1/deliveries/", {"status": "delivered", "campaign": slug}).json()
    assert [d["project"] for d in delivered["results"]] == [winners["canal"].pk]
    both = api.get("/api/v1/deliveries/?status=delivered&status=study").json()["count"]
    assert both == 3
    assert_error(api.get("/api/v1/deliveries/", {"status": "fini"}), 400, "invalid", "status")
    assert_error(api.get("/api/v1/deliveries/", {"area": "nowhere"}), 400, "invalid", "area")


def test_map_is_geojson_with_filters(winners, api):
    response = api.get("/api/v1/map/deliveries/", {"area": "paris-05"})
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["count"] == 2
    ids = {f["id"] for f in body["features"]}
    assert ids == {winners["garden"].pk, winners["benches"].pk}
    garden = next(f for f in body["features"] if f["id"] == winners["garden"].pk)
    assert garden["geometry"] == {"type": "Point", "coordinates": [2.3497, 48.8421]}
    assert garden["properties"]["status"] == "study"
    assert garden["properties"]["title"] == winners["garden"].title


def test_a_losing_project_has_no_page(winners, api):
    assert_error(api.get(url(winners["lost"])), 404, "not_found")


def test_list_query_budget(winners, api, django_assert_max_num_queries):
    for _extra in range(5):
        api.get(url(winners["garden"]))  # warm
    with django_assert_max_num_queries(12):
        response = api.get("/api/v1/deliveries/")
    assert response.json()["count"] == 3


def test_detail_shows_the_budget_and_services(winners, official_api, api):
    official_api.patch(
        url(winners["delivery"]),
        {
            "budget_spent": 80_000,
            "services": ["DEVE", "DEVE", " DVD "],
            "address": "Rue Mouffetard",
        },
        format="json",
    )
    body = api.get(url(winners["delivery"])).json()
    assert body["budget_spent"] == 80_000 and body["cost"] == 120_000
    assert body["services"] == ["DEVE", "DVD"]
    assert body["address"] == "Rue Mouffetard"
    assert body["area"]["code"] == "paris-05"
    assert date.fromisoformat(body["updated_at"][:10])


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("/api/v1/deliveries/", 6),
        ("/api/v1/map/deliveries/", 5),
        ("/api/v1/deliveries/{garden}/", 8),
        ("/api/v1/deliveries/delivered.csv", 8),
    ],
)
def test_query_budgets_do_not_grow_with_campaigns(
    winners, api, django_assert_max_num_queries, path, budget
):
    """The reads (their first step, making missing records, included) cost the same with one
    campaign or three, and with one milestone or several."""
    winners_in("implementation")
    winners_in("results")
    Delivery.objects.filter(pk__in=[winners["garden"].pk, winners["canal"].pk]).update(
        status=Status.DELIVERED
    )
    for day in (date(2026, 1, 5), date(2026, 2, 5)):
        Milestone.objects.create(delivery_id=winners["garden"].pk, date=day, text="Étape.")
    url = path.format(garden=winners["garden"].pk)
    api.get(url)  # the new campaigns' records are made once
    with django_assert_max_num_queries(budget):
        assert api.get(url).status_code == 200
