"""The placeholder whitelist (pure): what Legal's wording may contain, and how it renders."""

import pytest

from letters import kinds, placeholders

ALLOWED = frozenset({"provider_name", "due_date", "amount"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Plain text and whitelisted names, with or without spaces inside the braces: accepted.
        ("Dear {{ provider_name }}, pay by {{ due_date }}.", []),
        ("{{provider_name}} owes {{ amount }}", []),
        ("No placeholder at all.", []),
        # An unknown name is named in the message, with what is allowed.
        ("Pay {{ amount_owed }}", ["Unknown placeholder {{ amount_owed }}"]),
        # Each unknown name once, however often it appears.
        ("{{ x }} and {{ x }}", ["Unknown placeholder {{ x }}"]),
        # Filters, attributes, expressions: refused as not plain.
        ("{{ due_date|date:'Y' }}", ["is not a plain placeholder"]),
        ("{{ user.password }}", ["is not a plain placeholder"]),
        ("{{ provider_name.upper }}", ["is not a plain placeholder"]),
        ("{{ }}", ["is not a plain placeholder"]),
        # Template tags and comments: refused, with the offending text quoted.
        ("{% load static %}hello", ["“{% load static %}” is template syntax"]),
        ("{% include 'x.html' %}", ["is template syntax"]),
        ("{# a comment #}", ["“{# a comment #}” is template syntax"]),
        ("{% if x %}", ["is template syntax"]),
        ("an unclosed {% tag", ["is template syntax"]),
        # Unbalanced braces.
        ("Total {{ amount", ["unmatched"]),
        ("Total amount }}", ["unmatched"]),
    ],
)
def test_the_whitelist_accepts_only_bare_allowed_names(text, expected):
    found = placeholders.problems(text, ALLOWED)
    assert len(found) == len(expected), found
    for message, fragment in zip(found, expected, strict=True):
        assert fragment in message


def test_an_unknown_placeholder_message_lists_the_allowed_ones():
    (message,) = placeholders.problems("{{ nope }}", ALLOWED)
    assert message == (
        "Unknown placeholder {{ nope }}. This letter can use: {{ amount }}, {{ due_date }}, {{ provider_name }}."
    )


def test_validate_raises_with_every_problem():
    with pytest.raises(placeholders.PlaceholderError) as caught:
        placeholders.validate("{{ a }} {% now 'Y' %}", ALLOWED)
    assert len(caught.value.problems) == 2


@pytest.mark.parametrize(
    ("text", "values", "html"),
    [
        ("Dear {{ provider_name }}:", {"provider_name": "Comcast"}, "<p>Dear Comcast:</p>"),
        # Values are escaped: markup in a record never becomes markup in the letter.
        ("{{ provider_name }}", {"provider_name": "<b>A & B</b>"}, "<p>&lt;b&gt;A &amp; B&lt;/b&gt;</p>"),
        # One pass: a value that looks like a placeholder is not substituted again.
        ("{{ provider_name }}", {"provider_name": "{{ amount }}"}, "<p>{{ amount }}</p>"),
        # A blank line starts a paragraph; a single line break stays a line break.
        ("One\ntwo\n\nThree", {}, "<p>One<br>two</p>\n<p>Three</p>"),
        # Lines starting with "- " make a list.
        ("- first\n- second", {}, "<ul><li>first</li><li>second</li></ul>"),
        ("<script>alert(1)</script>", {}, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ],
)
def test_wording_renders_to_escaped_paragraphs(text, values, html):
    assert placeholders.to_html(text, values) == html


def test_used_lists_placeholders_in_order_of_first_use():
    assert placeholders.used("{{ b }} {{a}} {{ b }}") == ["b", "a"]


@pytest.mark.parametrize("code", sorted(kinds.KINDS))
def test_each_kinds_first_wording_uses_only_its_own_placeholders(code):
    kind = kinds.get(code)
    allowed = kinds.placeholder_names(code)
    for text in (kind.subject, kind.body, kind.closing):
        assert placeholders.problems(text, allowed) == []


def test_list_values_are_not_placeholders():
    """Lists (missing items, conditions, reasons) are shown in the letter's tables, never inside the wording."""
    assert "missing_items" not in kinds.placeholder_names("smallcell_incomplete")
    assert "conditions" not in kinds.placeholder_names("approval_conditions")
    assert "provider_name" in kinds.placeholder_names("approval_conditions")
