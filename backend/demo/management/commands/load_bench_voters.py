import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from campaigns.models import Campaign
from demo.bench import bench_voters_load, pgbench_pool_load
from demo.voting import VOTING_SLUG


class Command(BaseCommand):
    help = (
        "Voters for the vote-day load test (make bench-vote): declared, checked, with API "
        "tokens, written in bulk; and a pool of people for pgbench's copy of the cast. "
        "Idempotent: the voters already there are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", default=VOTING_SLUG)
        parser.add_argument("--count", type=int, default=2000)
        parser.add_argument("--pgbench-pool", type=int, default=0)
        parser.add_argument("--out", help="write the voters here (JSON lines)")
        parser.add_argument("--pool-out", help="write the pgbench pool here (user,entry lines)")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = Campaign.objects.filter(slug=options["campaign"]).first()
        if campaign is None:
            raise CommandError(f"No campaign « {options['campaign']} » (load_demo_voting).")
        voters = bench_voters_load(campaign=campaign, count=options["count"])
        if options["out"]:
            with Path(options["out"]).open("w") as f:
                for v in voters:
                    f.write(json.dumps({"n": v.n, "token": v.token, "heart": v.heart_area}))
                    f.write("\n")
        pool = []
        if options["pgbench_pool"]:
            pool = pgbench_pool_load(campaign=campaign, count=options["pgbench_pool"])
            if options["pool_out"]:
                Path(options["pool_out"]).write_text(
                    "".join(f"{uid},{entry}\n" for uid, entry in pool)
                )
        self.stdout.write(
            f"{len(voters)} voters with tokens in « {campaign.slug} », "
            f"{len(pool)} people in pgbench's pool."
        )
