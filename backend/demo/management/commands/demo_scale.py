from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from campaigns.models import Campaign
from demo.scale import PRESETS, ScaleSpec, demo_scale_load


class Command(BaseCommand):
    help = (
        "Generate a campaign still voting at city scale (proposals at BAN addresses, voters with "
        "declarations, participations and sealed ballots), for benchmarks: --scale paris "
        "(20,000 proposals, 200,000 voters) or 10x (200,000 and 2,000,000), or --proposals N "
        "--voters N. Seeded and idempotent; reports rows per second per table (docs/scaling.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(PRESETS))
        parser.add_argument("--proposals", type=int)
        parser.add_argument("--voters", type=int)
        parser.add_argument(
            "--projects", type=int, help="ballot projects (default: one per 100 proposals, 36+)"
        )
        parser.add_argument(
            "--method",
            choices=[Campaign.VotingRule.MAJORITY_JUDGMENT, Campaign.VotingRule.APPROVAL],
            default=Campaign.VotingRule.MAJORITY_JUDGMENT,
            help="approval is counted with mes-increase, at most 4 projects per ballot",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--city-share", type=float, default=0.5)
        parser.add_argument("--slug", default="")
        parser.add_argument(
            "--replace", action="store_true", help="remove the campaign under the slug first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        common = {
            "method": options["method"],
            "seed": options["seed"],
            "city_share": options["city_share"],
            "slug": options["slug"],
        }
        if options["scale"]:
            spec = ScaleSpec.preset(options["scale"], **common)
        elif options["proposals"] is not None and options["voters"] is not None:
            projects = options["projects"] or max(options["proposals"] // 100, 36)
            spec = ScaleSpec(options["proposals"], options["voters"], projects, **common)
        else:
            raise CommandError("Give --scale paris|10x, or --proposals N --voters N.")
        try:
            report = demo_scale_load(spec=spec, replace=options["replace"], out=self.stdout)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not report.created:
            self.stdout.write(f"Campaign « {report.slug} » already generated: nothing to do.")
            return
        self.stdout.write(f"Campaign « {report.slug} » generated in {report.seconds:.1f} s:")
        for line in report.rates.lines():
            self.stdout.write(line)
