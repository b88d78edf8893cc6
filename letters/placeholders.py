"""Legal-editable letter wording: whitelisted placeholders only. Pure, no ORM.

Legal writes a letter's subject and paragraphs with placeholders such as
``{{ provider_name }}`` or ``{{ due_date }}``. Only a bare name from the
letter kind's whitelist may stand between ``{{`` and ``}}``; anything else is
refused with a message naming it: an unknown name, a filter
(``{{ due_date|date }}``), an attribute (``{{ user.password }}``), a template
tag (``{% load %}``), a comment (``{# #}``) or an unmatched brace.

The text never reaches a template engine. Rendering is one pass of plain
substitution (a value that itself contains ``{{ x }}`` is not substituted
again), then HTML escaping, then paragraphs: a blank line starts a new
paragraph, a single line break stays a line break, and a paragraph whose
every line starts with "- " becomes a bulleted list (usdoj crt-portal's
response templates work the same way, with a fixed variable list).
"""

import html
import re

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.S)
BARE_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*\Z")
TAG_OPENERS = (("{%", "%}"), ("{#", "#}"))
SNIPPET_LENGTH = 40


class PlaceholderError(ValueError):
    """The text uses something other than whitelisted placeholders; `problems` says what, one message each."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(" ".join(self.problems))


def _snippet(text):
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_LENGTH else text[: SNIPPET_LENGTH - 1] + "…"


def _allowed_list(allowed):
    return ", ".join("{{ " + name + " }}" for name in sorted(allowed))


def problems(text, allowed):
    """Every reason `text` cannot be accepted, as plain-English messages (empty when it is fine)."""
    found = []
    for opener, closer in TAG_OPENERS:
        for match in re.finditer(re.escape(opener) + r".*?(?:" + re.escape(closer) + r"|\Z)", text, re.S):
            found.append(
                f"“{_snippet(match.group(0))}” is template syntax, which letters do not allow. "
                "Use only placeholders such as {{ provider_name }}."
            )
    unknown = []
    for match in PLACEHOLDER.finditer(text):
        inner = match.group(1)
        if any(opener in inner for opener, _ in TAG_OPENERS):
            continue  # already reported as template syntax
        bare = BARE_NAME.match(inner)
        if not bare:
            found.append(
                f"“{_snippet(match.group(0))}” is not a plain placeholder: filters, attributes and expressions are "
                "not allowed. Write a name alone, such as {{ due_date }}."
            )
        elif bare.group(1) not in allowed and bare.group(1) not in unknown:
            unknown.append(bare.group(1))
    for name in unknown:
        found.append(f"Unknown placeholder {{{{ {name} }}}}. This letter can use: {_allowed_list(allowed)}.")
    rest = PLACEHOLDER.sub("", text)
    for opener, _ in TAG_OPENERS:
        rest = re.sub(re.escape(opener) + r".*?(?:%}|#}|\Z)", "", rest, flags=re.S)
    if "{{" in rest or "}}" in rest:
        found.append("The text has an unmatched “{{” or “}}”. A placeholder is written {{ name }}.")
    return found


def validate(text, allowed):
    """Raise PlaceholderError unless `text` uses only placeholders from `allowed`."""
    found = problems(text, allowed)
    if found:
        raise PlaceholderError(found)


def used(text):
    """The placeholder names `text` uses, in order of first use (for text that passed `validate`)."""
    names = []
    for match in PLACEHOLDER.finditer(text):
        bare = BARE_NAME.match(match.group(1))
        if bare and bare.group(1) not in names:
            names.append(bare.group(1))
    return names


def substitute(text, values):
    """Replace each placeholder with its value as plain text, in one pass. Validate first."""

    def replace(match):
        return str(values.get(BARE_NAME.match(match.group(1)).group(1), ""))

    return PLACEHOLDER.sub(replace, text)


def to_html(text, values):
    """Substitute, escape, then build paragraphs, line breaks and "- " bullet lists. Returns an HTML string."""
    escaped = html.escape(substitute(text, values))
    blocks = []
    for paragraph in re.split(r"\n\s*\n", escaped.replace("\r\n", "\n").strip()):
        lines = [line.rstrip() for line in paragraph.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{line.lstrip()[2:].strip()}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append("<p>" + "<br>".join(line.strip() for line in lines) + "</p>")
    return "\n".join(blocks)
