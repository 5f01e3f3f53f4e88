"""Two transactions changing one map cell at once (``MapCell``'s triggers, migration 0004), each
on its own connection against the real PostgreSQL: the cell is right after both."""

from __future__ import annotations

import threading

import pytest
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils import timezone

from moderation.services import proposal_hide
from proposals.models import MapCell, Proposal
from proposals.tests.factories import ProposalFactory
from proposals.tests.test_map_cells import assert_cells_are_the_recount
from voting.tests.test_concurrency import reference_data  # noqa: F401 (the autouse fixture)

pytestmark = pytest.mark.django_db(transaction=True)


class TestTwoTransactionsInOneCell:
    @pytest.mark.parametrize("change", ["hide", "delete"])
    @pytest.mark.parametrize("first", ["insert", "change"])
    def test_an_insert_and_a_recount_at_once(self, open_campaign, administrator, change, first):
        """One transaction adds a proposal to a cell while another hides or deletes one of the
        same cell (so counts it again): whichever holds the cell first, the other waits, and the
        cell is right after both."""
        at = Point(2.3461, 48.8462, srid=4326)
        kept = ProposalFactory(campaign=open_campaign, location=at)
        gone = ProposalFactory(campaign=open_campaign, location=at)
        assert MapCell.objects.get(n__gt=0).n == 2
        holding = threading.Event()
        errors: list[BaseException] = []

        def run(step, holds: bool) -> None:
            try:
                with transaction.atomic():
                    step()
                    if holds:
                        holding.set()
                        threading.Event().wait(0.5)  # the other waits on the cell meanwhile
            except BaseException as exc:
                errors.append(exc)
            finally:
                holding.set()
                connection.close()

        def insert() -> None:
            ProposalFactory(campaign=open_campaign, location=at, author=kept.author)

        def recount() -> None:
            proposal = Proposal.objects.get(pk=gone.pk)
            if change == "delete":
                proposal.delete()
            else:
                proposal_hide(
                    proposal=proposal, actor=administrator, reason="Injurieux.", now=timezone.now()
                )

        steps = [insert, recount] if first == "insert" else [recount, insert]
        threads = [threading.Thread(target=run, args=(steps[0], True))]
        threads[0].start()
        assert holding.wait(10)
        threads.append(threading.Thread(target=run, args=(steps[1], False)))
        threads[1].start()
        for thread in threads:
            thread.join(20)
        assert errors == []
        cell = MapCell.objects.get(n__gt=0)
        assert cell.n == 2  # the kept one and the one added; not the one hidden or deleted
        assert_cells_are_the_recount()
