from django.core.management.base import BaseCommand

from compliance.backup import backup


class Command(BaseCommand):
    help = "Back up the whole database (records and history) to one file."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default: var/backups/conduit-<time>.<ext>)")

    def handle(self, *args, output=None, **options):
        path = backup(output)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
