"""After a restore (core/backup.py), every issued letter's PDF is checked against the SHA-256 recorded when it
was issued. LettersConfig.ready() connects `check_after_restore` to core.backup.restored."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from core.backup import CHUNK
from letters.models import Letter


@dataclass
class Verified:
    """Every issued letter's stored PDF checked against the SHA-256 recorded when it was issued."""

    count: int
    problems: list

    def __str__(self):
        if not self.problems:
            return f"Verified {self.count} issued letter{'s' if self.count != 1 else ''}: all match."
        return f"Verified {self.count} issued letters: {len(self.problems)} do not match:\n" + "\n".join(
            f"  {problem}" for problem in self.problems
        )


def verify_letters():
    count, problems = 0, []
    for number, name, sha256 in (
        Letter.objects.filter(status=Letter.Status.ISSUED).order_by("number").values_list("number", "pdf", "sha256")
    ):
        count += 1
        path = Path(settings.MEDIA_ROOT) / (name or "")
        if not name or not path.is_file():
            problems.append(f"{number}: the PDF {name or '(none)'} is missing")
            continue
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != sha256:
            problems.append(f"{number}: {name} does not match the SHA-256 recorded when it was issued")
    return Verified(count=count, problems=problems)


def check_after_restore(sender, **kwargs):
    return verify_letters()
