"""Demo providers and one user per role. Illustrative, idempotent.

Every demo user signs in like anyone else: password, then a TOTP code. The
passwords and TOTP secrets are made once per install and kept in
var/demo-logins.json (never in git); `bin/manage totp <username>` prints a
user's current code.
"""

import base64
import json
import secrets

from django.conf import settings

from accounts import services
from accounts.models import Provider, ProviderContact, User

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo" / "providers.json"
LOGINS_FILE = settings.VAR_DIR / "demo-logins.json"


def read_logins():
    """{username: {"password": ..., "totp_secret": ...}} from var/demo-logins.json.
    (Files from before two-factor sign-in held {username: password}.)"""
    stored = json.loads(LOGINS_FILE.read_text()) if LOGINS_FILE.exists() else {}
    return {name: value if isinstance(value, dict) else {"password": value} for name, value in stored.items()}


def _logins(usernames):
    """Random demo passwords and TOTP secrets, made once per install."""
    stored = read_logins()
    changed = not LOGINS_FILE.exists()
    for name in usernames:
        entry = stored.setdefault(name, {})
        if "password" not in entry:
            entry["password"] = f"demo-{secrets.token_urlsafe(9)}"
            changed = True
        if "totp_secret" not in entry:
            entry["totp_secret"] = base64.b32encode(secrets.token_bytes(20)).decode()
            changed = True
    if changed:
        LOGINS_FILE.write_text(json.dumps(stored, indent=2))
        LOGINS_FILE.chmod(0o600)
    return stored


def _ensure_totp(user, secret):
    """The user's TOTP authenticator, made with allauth's own model and the known secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from allauth.mfa.utils import decrypt, encrypt

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is None:
        TOTP.activate(user, secret)
    elif decrypt(existing.data["secret"]) != secret:  # var/demo-logins.json was made again
        existing.data = {**existing.data, "secret": encrypt(secret)}
        existing.save()


def load(actor):
    data = json.loads(DEMO_FILE.read_text())
    for row in data["providers"]:
        contacts = row.pop("contacts", [])
        provider = Provider.objects.filter(short_name=row["short_name"]).first()
        if provider is None:
            provider = services.provider_create(actor=actor, is_illustrative=True, **row)
        for contact in contacts:
            if not ProviderContact.objects.filter(provider=provider, email=contact["email"]).exists():
                services.contact_add(provider=provider, actor=actor, **contact)
    stored = _logins([row["username"] for row in data["users"]])
    logins = []
    for row in data["users"]:
        user = User.objects.filter(username=row["username"]).first()
        provider = Provider.objects.get(short_name=row["provider"]) if row.get("provider") else None
        entry = stored[row["username"]]
        if user is None:
            user = services.user_create(
                actor=actor,
                username=row["username"],
                email=f"{row['username']}@conduit-demo.example",
                role=row["role"],
                provider=provider,
                password=entry["password"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                is_provider_admin=row.get("provider_admin", False),
            )
            if row.get("superuser"):
                user.is_superuser = user.is_staff = True
                user.save()
        _ensure_totp(user, entry["totp_secret"])
        logins.append(
            (
                row["username"],
                entry["password"],
                row["role"]
                + (" (superuser)" if row.get("superuser") else "")
                + (f" of {provider.name}" if provider else ""),
                entry["totp_secret"],
            )
        )
    return logins
