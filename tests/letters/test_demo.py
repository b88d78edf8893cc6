"""The demo letters load through the services, idempotently, after the franchise demo."""

from accounts import demo as accounts_demo
from accounts.audit import system_user
from franchise import demo as franchise_demo
from letters import demo
from letters.models import Letter
from tests.letters.factories import pdf_words


def test_the_demo_issues_two_illustrative_letters_and_leaves_drafts(db, monkeypatch, tmp_path):
    monkeypatch.setattr(accounts_demo, "LOGINS_FILE", tmp_path / "demo-logins.json")
    actor = system_user()
    accounts_demo.load(actor)
    franchise_demo.load(actor)
    demo.load(actor)
    count = Letter.objects.count()
    demo.load(actor)
    assert Letter.objects.count() == count >= 4
    issued = list(Letter.objects.filter(status="issued").order_by("number"))
    assert [letter.kind for letter in issued] == ["fee_interest", "cure_notice"]
    assert all(letter.is_illustrative for letter in Letter.objects.all())
    assert Letter.objects.filter(status="approved").exists() and Letter.objects.filter(status="draft").exists()
    fee = issued[0]
    words = pdf_words(fee)
    assert "ILLUSTRATIVE: NOT A LETTER OF THE CITY" in words
    assert "Comcast Cable Communications" in words and fee.number in words
    assert fee.issued_by.username == "legal"
