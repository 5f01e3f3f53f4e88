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
from proposals.tests.test_map_cells import assert_cells_are_the_recount, cell_of
from voting.tests.test_concurrency import reference_data  # noqa: F401 (the autouse fixture)

pytestmark = pytest.mark.django_db(transaction=True)


class TestTwoTransactionsInOneCell:
    @pytest.mark.parametrize("where", ["same cell", "next cell"])
    @pytest.mark.parametrize("change", ["hide", "delete"])
    @pytest.mark.parametrize("first", ["insert", "change"])
    def test_an_insert_and_a_recount_at_once(
        self, open_campaign, administrator, change, first, where
    ):
        """One transaction adds a proposal to a cell while another hides or deletes one of the
        same cell (so counts it again), or of the next finest cell (so they meet in the coarser
        ones): whichever holds a cell first, the other waits, and every cell is right after
        both."""
        at = Point(2.3461, 48.8462, srid=4326)
        kept = ProposalFactory(campaign=open_campaign, location=at)
        gone = ProposalFactory(campaign=open_campaign, location=at)
        if where == "next cell":  # another cell of zoom 17 in the same one of zoom 15
            here = cell_of(at.x, at.y, 15)
            at = next(
                Point(at.x + dx, at.y, srid=4326)
                for dx in (0.003, -0.003, 0.006, -0.006)
                if cell_of(at.x + dx, at.y, 15) == here
            )
            assert cell_of(at.x, at.y, 17) != cell_of(kept.location.x, kept.location.y, 17)
        assert [c.n for c in MapCell.objects.all()] == [2, 2, 2]
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
            ProposalFactory(
                campaign=open_campaign,
                location=at,
                author=kept.author,
                # The filters' values of the others, wherever the point (one key).
                district=kept.district,
                quartier=kept.quartier,
                area=kept.area,
            )

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
        # The kept one and the one added, not the one hidden or deleted: in each cell of each
        # level, or two apart in the finest and together above.
        counts = sorted(MapCell.objects.filter(n__gt=0).values_list("level", "n"))
        assert counts == (
            [(13, 2), (15, 2), (17, 2)]
            if where == "same cell"
            else [(13, 2), (15, 2), (17, 1), (17, 1)]
        )
        assert_cells_are_the_recount()
