from django.core.management.base import BaseCommand, CommandError

from compliance.backup import restore


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `manage.py backup`. Stop the web server and worker first."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, file, yes=False, **options):
        if not yes and input(f"Replace the database with {file}? Type 'restore': ") != "restore":
            raise CommandError("Cancelled.")
        try:
            restore(file)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored from {file}."))
