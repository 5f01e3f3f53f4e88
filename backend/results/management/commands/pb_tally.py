"""``manage.py pb_tally SLUG --rule RULE --json``: count a campaign's ballots with a rule."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

import tally
from core.errors import ApplicationError
from results.management.progress import Progress
from results.selectors import RULES, area_election, campaign_area, campaign_rule, figures
from results.statements import amount
from tally.model import format_number


def _plain(value: tally.Number) -> int | float:
    return value if isinstance(value, int) else float(value)


def _grouped(value: int) -> str:
    return f"{value:,}".replace(",", " ")


class Command(BaseCommand):
    help = (
        "Count the counted ballots of a campaign's area with a rule and print the winners (ids as "
        'in the pabulib file). --json prints {"rule", "selected", "total_cost", "seconds"}, '
        "seconds being the computing time alone (loading excluded)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the campaign's slug")
        parser.add_argument(
            "--rule", choices=RULES, help="the rule (default: the campaign's own rule)"
        )
        parser.add_argument("--area", help="the area's code (needed when there are several)")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--satisfaction",
            choices=tally.SATISFACTIONS,
            help="the satisfaction function (default: the rule's for these ballots)",
        )
        parser.add_argument(
            "--no-completion",
            action="store_true",
            help="mes-increase and mes-add1 without the greedy completion",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from campaigns.models import Campaign

        campaign = (
            Campaign.objects.prefetch_related("areas", "phases")
            .filter(slug=options["slug"])
            .first()
        )
        if campaign is None:
            raise CommandError(f"No campaign « {options['slug']} ».")
        progress = Progress(self.stdout)
        try:
            area = campaign_area(campaign=campaign, code=options["area"])
            progress.status("loading the ballots…")
            source = area_election(campaign=campaign, area=area)
        except ApplicationError as exc:
            progress.done()
            raise CommandError(exc.message) from exc
        rule = options["rule"] or campaign_rule(campaign)
        progress.status(f"counting with {rule}…")
        started = time.perf_counter()
        try:
            result = tally.run(
                rule,
                source.election,
                satisfaction=options["satisfaction"],
                completion=not options["no_completion"],
                reserved=source.reserved if rule in tally.RESERVING_RULES else 0,
                priority=source.priority,
            )
        except tally.UnsupportedRule as exc:
            raise CommandError(str(exc)) from exc
        finally:
            progress.done()
        seconds = time.perf_counter() - started
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "rule": rule,
                        "selected": list(result.selected),
                        "total_cost": _plain(result.total_cost),
                        "seconds": round(seconds, 6),
                    },
                    ensure_ascii=False,
                )
            )
            return
        self._table(source, result, seconds)

    def _table(self, source: Any, result: tally.Result, seconds: float) -> None:
        counts = figures(source.election)
        score = "points" if "points" in next(iter(counts.values()), {}) else "votes"
        width = max((len(pid) for pid in result.selected), default=2)
        write = self.stdout.write
        write(
            f"{source.campaign.name} — {source.area.name}: {len(source.election.ballots)} ballots, "
            f"{len(source.projects)} projects, budget {amount(source.budget, source.currency)}"
        )
        sat = f", satisfaction {result.satisfaction}" if result.satisfaction else ""
        write(f"rule {result.rule}{sat}: {len(result.selected)} projects funded")
        write("")
        write(f"{'#':>4}  {'id':<{width}}  {'cost':>12}  {score:>9}  {'total':>12}  title")
        spent = 0
        for rank, pid in enumerate(result.selected, start=1):
            project = source.projects[pid]
            spent += project.cost
            figure = format_number(counts[pid].get("points", counts[pid]["votes"]))
            title = project.title if len(project.title) <= 60 else project.title[:59] + "…"
            write(
                f"{rank:>4}  {pid:<{width}}  {_grouped(project.cost):>12}  {figure:>9}  "
                f"{_grouped(spent):>12}  {title}"
            )
        write("")
        left = source.budget - int(result.total_cost)
        write(
            f"total {amount(int(result.total_cost), source.currency)} of "
            f"{amount(source.budget, source.currency)} ({amount(left, source.currency)} left); "
            f"computed in {seconds:.3f} s"
        )
