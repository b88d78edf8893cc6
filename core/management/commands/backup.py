from django.core.management.base import BaseCommand

from core.backup import backup


class Command(BaseCommand):
    help = (
        "Back up the whole database (records and history) and every file under MEDIA_ROOT (letter PDFs, "
        "bulk-job ZIPs, uploaded reports) to one .tar.gz with a SHA-256 manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default: var/backups/conduit-<time>.tar.gz)")

    def handle(self, *args, output=None, **options):
        path = backup(output)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
