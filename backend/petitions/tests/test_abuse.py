"""Abuse: held signatures are kept apart, a burst from one network range is reported, and the
network is kept only as a keyed hash of its prefix."""

import re
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.testing.api import client_for
from geo.models import Area
from notifications.models import Notification
from petitions import abuse
from petitions.models import BurstAlert, Signature
from petitions.selectors import petition_detail_list
from petitions.services import signature_add

from .factories import SIGN, PetitionFactory, checked_declaration

URL = "/api/v1/petitions/"


def test_network_prefixes():
    assert abuse.network_prefix("192.0.2.77") == "192.0.2.0/24"
    assert abuse.network_prefix("2001:db8:1:2::5") == "2001:db8:1::/48"
    assert abuse.network_prefix("::ffff:192.0.2.9") == "192.0.2.0/24"
    assert abuse.network_prefix("not an address") == ""
    same = abuse.network_key("192.0.2.1") == abuse.network_key("192.0.2.254")
    assert same and abuse.network_key("192.0.3.1") != abuse.network_key("192.0.2.1")
    key = abuse.network_key("192.0.2.1")
    # A keyed hash's hex digest, not the address: "192" may well occur in 64 hex digits (it did
    # once, in a CI run), a dotted prefix never.
    assert re.fullmatch(r"[0-9a-f]{64}", key) and "192.0.2" not in key


def _sign(petition, user, ip, now):
    return signature_add(
        petition=petition_detail_list(user=user).get(pk=petition.pk),
        user=user,
        show_name=False,
        resident=True,
        birth_date=date(1980, 5, 17),
        area=Area.objects.get(code="paris-05"),
        now=now,
        client_address=ip,
    )


@pytest.mark.django_db
@override_settings(PETITION_BURST_SIGNATURES=3, PETITION_BURST_MINUTES=10)
def test_a_burst_from_one_network_is_reported_once(official):
    now = timezone.now()
    petition = PetitionFactory(threshold=1000)
    for i in range(3):  # at the limit: nothing yet
        _sign(petition, UserFactory(), f"203.0.113.{i + 1}", now + timedelta(seconds=i))
    # Other networks and old signatures do not count toward it.
    _sign(petition, UserFactory(), "198.51.100.1", now)
    assert not BurstAlert.objects.exists()
    _sign(petition, UserFactory(), "203.0.113.200", now + timedelta(minutes=1))  # the 4th: > 3
    alert = BurstAlert.objects.get()
    assert alert.petition_id == petition.pk and alert.signatures == 4
    assert alert.network == abuse.network_key("203.0.113.9")
    _sign(petition, UserFactory(), "203.0.113.201", now + timedelta(minutes=2))
    alert.refresh_from_db()
    assert BurstAlert.objects.count() == 1 and alert.signatures == 5
    told = Notification.objects.filter(event="petition_burst", petition=petition)
    assert [n.user_id for n in told] == [official.pk]
    # In the officials' queue, without any address.
    body = client_for(official).get(f"{URL}queue/").json()
    assert [a["id"] for a in body["alerts"]] == [alert.pk] and "203.0.113" not in str(body)
    assert client_for(official).post(f"{URL}alerts/{alert.pk}/handle/").status_code == 200
    assert client_for(official).get(f"{URL}queue/").json()["alerts"] == []
    assert not Signature.objects.filter(network__contains="203.0.113").exists()


@pytest.mark.django_db
@override_settings(PETITION_BURST_SIGNATURES=2, PETITION_BURST_MINUTES=10)
def test_signatures_outside_the_window_are_no_burst():
    now = timezone.now()
    petition = PetitionFactory(threshold=1000)
    for i in range(5):
        _sign(petition, UserFactory(), "203.0.113.5", now + timedelta(minutes=11 * i))
    assert not BurstAlert.objects.exists()


@pytest.mark.django_db
def test_held_signatures_are_kept_apart_until_checked(official):
    petition = PetitionFactory(threshold=2)
    young = UserFactory(date_joined=timezone.now() - timedelta(hours=2))
    checked_declaration(young)
    wrong_area = UserFactory()
    checked_declaration(wrong_area, code="paris-19")  # declared the 5th: does not agree
    for user in (young, wrong_area):
        response = client_for(user).post(f"{URL}{petition.pk}/signature/", SIGN, format="json")
        assert response.json()["counted"] is False
    detail = client_for(official).get(f"{URL}{petition.pk}/").json()
    assert detail["signature_count"] == 0 and detail["held_count"] == 2
    assert detail["counts_by_area"] == []
    held = {
        s["held_reason"] for s in client_for(official).get(f"{URL}queue/").json()["held_signatures"]
    }
    assert held == {"new_account", "unverified_declaration"}
    mine = client_for(young).get(f"{URL}my-signatures/").json()["results"]
    assert mine[0]["status"] == "held" and mine[0]["held_reason"] == "new_account"
