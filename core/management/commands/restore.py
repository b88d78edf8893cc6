import sys

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database and write back the files under MEDIA_ROOT from an archive made by "
        "`manage.py backup`, then check every issued letter's PDF. Stop the web server and worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, file, yes=False, **options):
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("Refusing to replace the database without --yes (no one is there to confirm).")
            if input(f"Replace the database and media files with {file}? Type 'restore': ") != "restore":
                raise CommandError("Cancelled.")
        try:
            verified = restore(file)
        except (FileNotFoundError, BackupError) as error:
            raise CommandError(f"{error} Nothing was restored.") from error
        self.stdout.write(self.style.SUCCESS(f"Restored from {file}."))
        if verified.problems:
            raise CommandError(str(verified))
        self.stdout.write(self.style.SUCCESS(str(verified)))
