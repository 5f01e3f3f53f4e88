"""Query budgets: the list, the detail and the map cost the same whatever the number of
petitions and signatures (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from core.testing.api import client_for

from .factories import PetitionFactory, SignatureFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/petitions/"
# A page: the count and the rows (the signed-in reader's facts are annotations of the rows).
LIST_BUDGET = 2
# The petition and its counts by area; officials also: the areas they handle, whether one is
# city-wide, the held count.
DETAIL_BUDGET = 2
OFFICIAL_DETAIL_BUDGET = 5


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


def _world(n):
    for _ in range(n):
        petition = PetitionFactory(signature_count=2)
        SignatureFactory(petition=petition)
        SignatureFactory(petition=petition, show_name=True)


def test_list_budget_does_not_grow(api):
    _world(2)
    reader = client_for(UserFactory())
    small = (_queries(api, URL), _queries(reader, URL))
    _world(10)
    large = (_queries(api, URL), _queries(reader, URL))
    assert small == large
    assert large[0] <= LIST_BUDGET and large[1] <= LIST_BUDGET


def test_detail_budget(api, official):
    petition = PetitionFactory()
    for _ in range(12):
        SignatureFactory(petition=petition)
    assert _queries(api, f"{URL}{petition.pk}/") <= DETAIL_BUDGET
    assert _queries(client_for(UserFactory()), f"{URL}{petition.pk}/") <= DETAIL_BUDGET
    assert _queries(client_for(official), f"{URL}{petition.pk}/") <= OFFICIAL_DETAIL_BUDGET


def test_map_and_signers_budgets(api):
    _world(3)
    assert _queries(api, URL + "map/") == 1
    petition = PetitionFactory()
    for _ in range(8):
        SignatureFactory(petition=petition, show_name=True)
    assert _queries(api, f"{URL}{petition.pk}/signatures/") <= 3
