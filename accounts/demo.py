"""Demo providers and one user per role. Illustrative, idempotent."""

import json
import secrets

from django.conf import settings

from accounts import services
from accounts.models import Provider, ProviderContact, User

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo" / "providers.json"
LOGINS_FILE = settings.VAR_DIR / "demo-logins.json"


def _passwords(usernames):
    """Random demo passwords, made once per install and kept in var/ (never in git)."""
    stored = json.loads(LOGINS_FILE.read_text()) if LOGINS_FILE.exists() else {}
    changed = False
    for name in usernames:
        if name not in stored:
            stored[name] = f"demo-{secrets.token_urlsafe(9)}"
            changed = True
    if changed:
        LOGINS_FILE.write_text(json.dumps(stored, indent=2))
        LOGINS_FILE.chmod(0o600)
    return stored


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
    passwords = _passwords([row["username"] for row in data["users"]])
    logins = []
    for row in data["users"]:
        user = User.objects.filter(username=row["username"]).first()
        provider = Provider.objects.get(short_name=row["provider"]) if row.get("provider") else None
        if user is None:
            user = services.user_create(
                actor=actor,
                username=row["username"],
                email=f"{row['username']}@conduit-demo.example",
                role=row["role"],
                provider=provider,
                password=passwords[row["username"]],
                first_name=row["first_name"],
                last_name=row["last_name"],
                is_provider_admin=row.get("provider_admin", False),
            )
            if row.get("superuser"):
                user.is_superuser = user.is_staff = True
                user.save()
        logins.append(
            (
                row["username"],
                passwords[row["username"]],
                row["role"]
                + (" (superuser)" if row.get("superuser") else "")
                + (f" of {provider.name}" if provider else ""),
            )
        )
    return logins
