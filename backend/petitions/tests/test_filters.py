"""The list's filters and orders."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Theme
from core.testing.api import client_for
from petitions.models import Petition

from .factories import PetitionFactory, SignatureFactory, pending_petition

pytestmark = pytest.mark.django_db
URL = "/api/v1/petitions/"


def ids(response):
    assert response.status_code == 200, response.content
    return [p["id"] for p in response.json()["results"]]


def test_filters(api, resident):
    now = timezone.now()
    city = PetitionFactory(area=None, title="Des bancs partout à Paris", signature_count=5)
    fifth = PetitionFactory(signature_count=1, signing_ends_at=now + timedelta(days=2))
    sport = PetitionFactory(
        theme=Theme.objects.get(slug="sport"),
        signature_count=3,
        signing_ends_at=now + timedelta(days=1),
    )
    answered = PetitionFactory(
        status=Petition.Status.ANSWERED, answer_text="Oui.", answered_at=now, answer_due_at=now
    )
    signed = SignatureFactory(petition=fifth, user=resident).petition
    mine = pending_petition(author=resident)
    assert set(ids(api.get(URL + "?authority=city"))) == {city.pk}
    assert set(ids(api.get(URL + "?authority=paris-05"))) == {fifth.pk, sport.pk, answered.pk}
    assert ids(api.get(URL + "?theme=sport")) == [sport.pk]
    assert ids(api.get(URL + "?status=answered")) == [answered.pk]
    assert ids(api.get(URL + "?q=partout")) == [city.pk]
    assert ids(api.get(URL + "?order=-signature_count"))[:3] == [city.pk, sport.pk, fifth.pk]
    assert ids(api.get(URL + "?order=deadline"))[:2] == [sport.pk, fifth.pk]
    reader = client_for(resident)
    assert ids(reader.get(URL + "?signed=true")) == [signed.pk]
    assert ids(reader.get(URL + "?mine=true")) == [mine.pk]
    assert ids(api.get(URL + "?mine=true")) == []
    assert mine.pk not in ids(api.get(URL + "?status=pending"))
