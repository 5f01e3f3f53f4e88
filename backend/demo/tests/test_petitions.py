"""The demo's petitions: one in each status, counts true to their signature rows, loaded once."""

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from demo.petitions import PETITIONS, demo_petitions_load
from petitions.models import Petition

pytestmark = pytest.mark.django_db


def test_demo_petitions_are_consistent_and_idempotent(api):
    report = demo_petitions_load(now=timezone.now(), scale=0.02)
    assert report.created == len(PETITIONS)
    assert set(Petition.objects.values_list("status", flat=True)) == set(Petition.Status)
    for petition in Petition.objects.annotate(
        counted=Count("signatures", filter=Q(signatures__status="counted"))
    ):
        assert petition.signature_count == petition.counted, petition.title
        if petition.status in ("threshold_reached", "awaiting_answer", "answered"):
            assert petition.signature_count >= petition.threshold, petition.title
        if petition.status in ("open", "closed"):
            assert petition.signature_count < petition.threshold, petition.title
    again = demo_petitions_load(now=timezone.now(), scale=0.02)
    assert again.created == 0 and Petition.objects.count() == len(PETITIONS)
    assert api.get("/api/v1/petitions/").json()["count"] == 6
