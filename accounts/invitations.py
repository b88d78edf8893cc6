"""Provider accounts by invitation: one-time links to set a password.

Staff invite a provider's employee to any provider organisation; a
provider's portal administrator invites colleagues of their own organisation
only. The link carries a random token; only its SHA-256 is stored, so the
email is the only copy. It works once, for INVITATION_EXPIRY_DAYS (default
7), and an invitation sent again to the same address replaces the earlier
one. Deactivating a user (accounts.services.user_deactivate) ends their
sessions: Django refuses the session of an inactive user at the next request.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.audit import acting_as
from accounts.models import Invitation, User
from accounts.roles import PROVIDER, STAFF, has_role, is_provider_user
from core.emails import make_message


def expiry_days():
    return int(getattr(settings, "INVITATION_EXPIRY_DAYS", 7))


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def accept_url(token):
    return f"{settings.SITE_URL}{reverse('invitations:accept', args=[token])}"


def may_manage(actor, provider):
    """Staff manage every provider's users; a provider's portal administrator only their own organisation's."""
    if has_role(actor, STAFF):
        return True
    return is_provider_user(actor) and actor.is_provider_admin and actor.provider_id == provider.pk


def _require(actor, provider):
    if not may_manage(actor, provider):
        raise PermissionDenied("You can only manage people of your own organisation.")


def invitation_create(*, actor, provider, email, first_name="", last_name="", is_provider_admin=False):
    """Invite someone to `provider`'s portal; returns (invitation, token). The
    token goes out in the email and is never stored."""
    _require(actor, provider)
    email = (email or "").strip()
    if not provider.is_active:
        raise ValidationError(f"{provider.name} is inactive; reactivate it before inviting anyone.")
    if User.objects.filter(username__iexact=email).exists() or User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {
                "email": "Someone with this email address already has an account. They can sign in or reset "
                "their password; the cable office can reactivate a deactivated account."
            }
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic(), acting_as(actor):
        for earlier in Invitation.objects.filter(
            provider=provider, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ):
            earlier.revoked_at = now
            earlier.save()
        invitation = Invitation(
            provider=provider,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            is_provider_admin=is_provider_admin,
            token_hash=token_hash(token),
            invited_by=actor,
            expires_at=now + timedelta(days=expiry_days()),
        )
        invitation.full_clean()
        invitation.save()
        context = {"invitation": invitation, "url": accept_url(token), "days": expiry_days()}
        transaction.on_commit(
            lambda: make_message("accounts/invitation", context, to=[invitation.email]).send(fail_silently=True)
        )
    return invitation, token


def invitation_revoke(*, actor, invitation):
    _require(actor, invitation.provider)
    if invitation.accepted_at:
        raise ValidationError("This invitation was already accepted; deactivate the user instead.")
    with transaction.atomic(), acting_as(actor):
        invitation.revoked_at = invitation.revoked_at or timezone.now()
        invitation.save()
    return invitation


def invitation_for_token(token):
    """The invitation a link names, whatever its state (None when the token is unknown)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("provider", "invited_by").filter(token_hash=token_hash(token)).first()


UNUSABLE = {
    "accepted": "This invitation link was already used. Sign in with the password you chose, or reset it.",
    "revoked": "This invitation was withdrawn. Ask whoever invited you for a new one.",
    "expired": "This invitation link has expired. Ask whoever invited you to send a new one.",
}


def invitation_accept(*, token, password, first_name="", last_name=""):
    """Create the provider user the invitation names, with `password`; the link then stops working."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("provider", "invited_by")
            .filter(token_hash=token_hash(token or ""))
            .first()
        )
        if invitation is None:
            raise ValidationError("This invitation link is not valid. Check that you copied the whole link.")
        state = invitation.state(timezone.now())
        if state != "pending":
            raise ValidationError(UNUSABLE[state])
        username = invitation.email.lower()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("An account with this email address already exists. Sign in or reset the password.")
        first_name = (first_name or invitation.first_name).strip()
        last_name = (last_name or invitation.last_name).strip()
        candidate = User(username=username, email=invitation.email, first_name=first_name, last_name=last_name)
        validate_password(password, user=candidate)
        user = services.user_create(
            actor=invitation.invited_by,
            username=username,
            email=invitation.email,
            role=PROVIDER,
            provider=invitation.provider,
            password=password,
            first_name=first_name,
            last_name=last_name,
            is_provider_admin=invitation.is_provider_admin,
        )
        with acting_as(user):
            invitation.accepted_at = timezone.now()
            invitation.user = user
            invitation.save()
    return user


def provider_user_deactivate(*, actor, user):
    """Staff deactivate any provider user; a portal administrator, colleagues of their own organisation."""
    if user.provider_id is None:
        raise PermissionDenied("Only provider users are deactivated here.")
    _require(actor, user.provider)
    if user.pk == actor.pk:
        raise ValidationError("You cannot deactivate your own account; ask a colleague or the cable office.")
    if not user.is_active:
        return user
    return services.user_deactivate(user=user, actor=actor)
