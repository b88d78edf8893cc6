"""`manage.py create_user`: a person's account with one role, through the service, with history."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.audit import system_user
from accounts.models import User
from accounts.roles import LEGAL, PROVIDER, STAFF


def run(*args):
    out = StringIO()
    call_command("create_user", *args, stdout=out)
    return out.getvalue()


def test_a_staff_account_is_created_with_its_role_no_password_and_a_history_row(db):
    out = run("alice", "alice@boston.example", STAFF, "--first-name", "Alice")
    user = User.objects.get(username="alice")
    assert list(user.groups.values_list("name", flat=True)) == [STAFF]
    assert not user.has_usable_password()
    assert user.history.first().history_user.username == "conduit-system"
    assert "Created alice (Staff)" in out and "/accounts/password/reset/" in out


def test_a_provider_account_belongs_to_the_named_provider(comcast):
    run("dana", "dana@comcast.example", PROVIDER, "--provider", "comcast")
    user = User.objects.get(username="dana")
    assert user.provider == comcast
    assert list(user.groups.values_list("name", flat=True)) == [PROVIDER]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("dana", "dana@comcast.example", PROVIDER), "give --provider"),
        (("dana", "dana@comcast.example", PROVIDER, "--provider", "nobody"), "No provider with short name"),
        (("legal", "other@boston.example", LEGAL), "already exists"),
    ],
)
def test_bad_input_is_refused_in_words_and_creates_nobody(legal, args, message):
    system_user()  # made on a command's first run; not one of the people counted
    before = User.objects.count()
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert User.objects.count() == before
