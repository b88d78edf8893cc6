"""A mail server for the fault test: it accepts every message (appending a line
to the JSON-lines file named by REMINDER_TEST_OUTBOX) and, on message number
REMINDER_TEST_BLOCK_AT, accepts it and then hangs, so the worker can be killed
after the server has the message and before the sweep marks its rows sent."""

import json
import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class BlockingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        outbox = Path(os.environ["REMINDER_TEST_OUTBOX"])
        block_at = int(os.environ.get("REMINDER_TEST_BLOCK_AT", "0"))
        for message in email_messages:
            with outbox.open("a") as file:
                file.write(json.dumps({"to": message.to, "message_id": message.extra_headers.get("Message-ID")}) + "\n")
            if block_at and len(outbox.read_text().splitlines()) == block_at:
                Path(f"{outbox}.blocked").touch()
                time.sleep(3600)  # until SIGKILL
        return len(email_messages)
