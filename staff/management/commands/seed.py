import time

from django.core.management.base import BaseCommand, CommandError

from staff.seed import seed as build_seed


class Command(BaseCommand):
    help = "Build an illustrative data set of N small-cell applications (and licenses, filings, deadlines, history)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, required=True, help="number of applications, e.g. 1000 or 100000")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")

    def handle(self, *args, scale, seed=2026, **options):
        if scale < 1 or scale > 2_000_000:
            raise CommandError("--scale must be between 1 and 2,000,000.")
        started = time.perf_counter()

        def progress(done, total):
            self.stdout.write(f"  {done:,} / {total:,} applications ({time.perf_counter() - started:.0f} s)")

        result = build_seed(scale, seed_value=seed, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {result.applications:,} applications ({result.events:,} clock events, {result.deadlines:,} "
                f"shot-clock deadlines), {result.licenses} licenses, {result.providers} providers in "
                f"{time.perf_counter() - started:.1f} s."
            )
        )
