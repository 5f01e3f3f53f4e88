"""ReviewQueueFilter, filter by filter, on the FilterSet itself."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.models import Theme
from proposals.models import Proposal
from proposals.tests.factories import BUTTES_CHAUMONT
from review.filters import ReviewQueueFilter


def ids(params, user=None):
    request = SimpleNamespace(user=user)
    filterset = ReviewQueueFilter(params, queryset=Proposal.objects.all(), request=request)
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("id", flat=True))


def errors(params):
    filterset = ReviewQueueFilter(params, queryset=Proposal.objects.all())
    assert not filterset.is_valid()
    return set(filterset.errors)


@pytest.mark.django_db
class TestReviewQueueFilter:
    def test_campaign(self, make_proposal, open_campaign):
        a, b = make_proposal(), make_proposal(campaign=open_campaign)
        assert ids({"campaign": open_campaign.slug}) == {b.pk}
        assert ids({"campaign": a.campaign.slug}) == {a.pk}
        assert errors({"campaign": "nope"}) == {"campaign"}
        assert errors({"campaign": ""}) == {"campaign"}

    def test_area(self, make_proposal):
        fifth, nineteenth = make_proposal(), make_proposal(at=BUTTES_CHAUMONT)
        assert ids({"area": "paris-05"}) == {fifth.pk}
        assert ids({"area": "paris-19"}) == {nineteenth.pk}

    def test_status_is_multiple(self, make_proposal):
        a, b, _ = (
            make_proposal(),
            make_proposal(status="in_review"),
            make_proposal(status="accepted"),
        )
        assert ids({"status": ["submitted", "in_review"]}) == {a.pk, b.pk}
        assert errors({"status": "lost"}) == {"status"}

    def test_theme(self, make_proposal):
        sport = Theme.objects.get(slug="sport")
        a, _ = make_proposal(theme=sport), make_proposal()
        assert ids({"theme": "sport"}) == {a.pk}

    def test_assigned_to_me_and_unassigned(self, make_proposal):
        me, colleague = (
            UserFactory(role="official", areas=["paris-05"], password=None) for _ in range(2)
        )
        mine, theirs, nobody = (
            make_proposal(assignee=me),
            make_proposal(assignee=colleague),
            make_proposal(),
        )
        assert ids({"assigned_to_me": "true"}, me) == {mine.pk}
        assert ids({"assigned_to_me": "false"}, me) == {theirs.pk, nobody.pk}
        assert ids({"unassigned": "true"}) == {nobody.pk}
        assert ids({"unassigned": "false"}) == {mine.pk, theirs.pk}

    def test_prepared(self, make_proposal):
        prepared = make_proposal(prepared_decision="accepted", prepared_cost=3)
        plain = make_proposal()
        assert ids({"prepared": "true"}) == {prepared.pk}
        assert ids({"prepared": "false"}) == {plain.pk}

    def test_hidden(self, make_proposal):
        hidden, shown = make_proposal(is_hidden=True), make_proposal()
        assert ids({"hidden": "true"}) == {hidden.pk}
        assert ids({"hidden": "0"}) == {shown.pk}

    @pytest.mark.parametrize("name", ["hidden", "prepared", "unassigned", "assigned_to_me"])
    @pytest.mark.parametrize("value", ["banana", "", "yes", "2"])
    def test_booleans_are_strict(self, name, value):
        assert errors({name: value}) == {name}

    @pytest.mark.parametrize(
        "params",
        [{"theme": ""}, {"theme": "nope"}, {"area": "paris-99"}, {"status": ""}, {"search": " "}],
    )
    def test_empty_and_unknown_values_are_errors(self, params):
        assert errors(params) == set(params)

    def test_created_since_and_until(self, make_proposal):
        old, new = make_proposal(), make_proposal()
        now = timezone.now()
        Proposal.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=10))
        since = (now - timedelta(days=1)).isoformat()
        assert ids({"created_after": since}) == {new.pk}
        assert ids({"created_before": since}) == {old.pk}
        assert errors({"created_after": "last week"}) == {"created_after"}
        # Offsets PostgreSQL would refuse are compared in UTC; dates before year 1 in UTC are a 400.
        assert ids({"created_after": "2000-05-03T23:52:19-17:55"}) == {old.pk, new.pk}
        assert errors({"created_before": "0001-01-01T00:00:00+05:00"}) == {"created_before"}

    def test_search_ignores_accents_and_case(self, make_proposal):
        a = make_proposal(title="Fontaine à eau rue Monge")
        make_proposal()
        assert ids({"search": "FONTAINE a"}) == {a.pk}
        assert errors({"search": "x" * 201}) == {"search"}
