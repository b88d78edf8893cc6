"""Write the site-wide search index again from the records (core/search/services.py rebuild).

The services keep the index current; run this after loading data that skipped them (a restore
from an older backup, a bulk import), or to check nothing drifted."""

from django.core.management.base import BaseCommand

from core.search import services


class Command(BaseCommand):
    help = "Rebuild the site-wide search index from the records."

    def handle(self, *args, **options):
        count = services.rebuild()
        if options["verbosity"]:
            self.stdout.write(f"Search index rebuilt: {count} entries.")
