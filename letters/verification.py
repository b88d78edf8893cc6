"""Verification codes: the secret printed on each issued letter, so only its holder can look it up.

A letter number is sequential (CBO-2026-0001, -0002, ...), so anyone can guess one; the public
verification page shows a letter's recipient and issue date only to a visitor who also gives the
code printed next to the number (or the PDF itself, or its SHA-256). The code is 12 characters from
an alphabet without the look-alikes 0/O, 1/I/L, drawn with `secrets`: 31**12, about 2**59
possibilities, against a page that allows 30 checks per address every 10 minutes. It is printed
and shown in groups of four (K7QF-9XM2-TR4D); a visitor may type it in any case, with or without
the dashes or spaces.

Pure: no ORM, no Django settings.
"""

import hmac
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0, 1, I, L or O
LENGTH = 12
GROUP = 4
_SEPARATORS = re.compile(r"[\s\-]+")


def new_code():
    """A fresh random code, grouped for reading aloud: 'K7QF-9XM2-TR4D'."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[start : start + GROUP] for start in range(0, LENGTH, GROUP))


def normalize(value):
    """The code as compared: upper case, without spaces or dashes ('' for nothing)."""
    return _SEPARATORS.sub("", value or "").upper()


def well_formed(value):
    """Whether `value` could be a code: 12 characters of the alphabet once normalized."""
    code = normalize(value)
    return len(code) == LENGTH and all(char in ALPHABET for char in code)


# Compared against when a letter has no code (or the number matches no letter), so that a wrong
# guess costs the same work whether or not the number exists. It never counts as a match.
_NOTHING = "0" * LENGTH


def matches(given, stored):
    """Whether the code a visitor typed is the letter's code, in constant time. A letter without a code
    (issued before codes were printed) matches nothing."""
    expected = normalize(stored)
    same = hmac.compare_digest(normalize(given).encode("ascii", "replace"), (expected or _NOTHING).encode("ascii"))
    return bool(expected) and same
