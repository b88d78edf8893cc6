"""Writes for providers and users. Every write names its actor."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.audit import acting_as
from accounts.models import Provider, ProviderContact, User, new_calendar_token
from accounts.roles import ALL_ROLES, CITY_ROLES, PROVIDER, STAFF
from core.services import apply_fields

PROVIDER_FIELDS = (*Provider.EDITABLE_FIELDS, "is_illustrative")
SIGNIN_LOCK_FIELDS = ("signin_locked_at", "signin_lock_reason")


def provider_create(*, actor, **fields):
    with transaction.atomic(), acting_as(actor):
        provider = Provider()
        apply_fields(provider, fields, allowed=PROVIDER_FIELDS)
        provider.full_clean()
        provider.save()
    return provider


def provider_update(*, provider, actor, **fields):
    with transaction.atomic(), acting_as(actor):
        apply_fields(provider, fields, allowed=PROVIDER_FIELDS)
        provider.full_clean()
        provider.save()
    return provider


def provider_calendar_token_rotate(*, actor, provider):
    """A new secret for the provider's calendar feed; the old URL stops working.

    The history row names who reset the link. The token itself is left out of
    history (Provider.history excludes it) and off the history page
    (core.history.HIDDEN_FIELDS).
    """
    with transaction.atomic(), acting_as(actor):
        provider.calendar_token = new_calendar_token()
        provider._change_reason = "Calendar link reset"
        provider.save(update_fields=["calendar_token"])
    return provider


def contact_add(*, provider, actor, name, email, title="", phone="", receives_notices=True, receives_reminders=True):
    with transaction.atomic(), acting_as(actor):
        contact = ProviderContact(
            provider=provider,
            name=name,
            email=email,
            title=title,
            phone=phone,
            receives_notices=receives_notices,
            receives_reminders=receives_reminders,
        )
        contact.full_clean()
        contact.save()
    return contact


def user_set_role(*, user, role, actor, provider=None):
    """Give `user` exactly one role; provider users get their organisation.

    Group membership and the provider link are both in the user's history, so
    who gained access, when and granted by whom is on record.
    """
    if role not in ALL_ROLES:
        raise ValidationError(f"Unknown role {role!r}; choose one of {', '.join(ALL_ROLES)}.")
    if role == PROVIDER and provider is None:
        raise ValidationError("A provider user must belong to a provider organisation.")
    if role != PROVIDER and provider is not None:
        raise ValidationError("Only provider users belong to a provider organisation.")
    with transaction.atomic(), acting_as(actor):
        user.provider = provider
        if role != PROVIDER:
            user.is_provider_admin = False
        user.clean_fields(exclude=[f.name for f in User._meta.fields if f.name not in SIGNIN_LOCK_FIELDS])
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        user.__dict__.pop("_conduit_roles", None)
    return user


def user_create(
    *, actor, username, email, role, provider=None, password=None, first_name="", last_name="", is_provider_admin=False
):
    with transaction.atomic(), acting_as(actor):
        user = User(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_provider_admin=is_provider_admin,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        user_set_role(user=user, role=role, provider=provider, actor=actor)
    return user


def calendar_token_rotate(*, actor, user):
    """A new secret for the user's calendar feed; the old URL stops working.

    The history row names who reset the link. The token itself is left out of
    history (User.history excludes it) and off the history page
    (core.history.HIDDEN_FIELDS).
    """
    with transaction.atomic(), acting_as(actor):
        user.calendar_token = new_calendar_token()
        user._change_reason = "Calendar link reset"
        user.save(update_fields=["calendar_token"])
    return user


def user_deactivate(*, user, actor):
    """Deactivate a user. Django refuses sessions of inactive users, so every
    open session of theirs ends at the next request; their API tokens go too."""
    with transaction.atomic(), acting_as(actor):
        user.is_active = False
        user.save()
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=user).delete()
    return user


def user_sync_city_roles(*, user, roles, actor, source="City sign-in"):
    """Make `user`'s City roles exactly `roles` (from the identity provider's
    groups); other groups are left alone. Writes history only on a change,
    naming `actor` and, as the change reason, `source` and the new roles."""
    roles = set(roles)
    unknown = roles - set(CITY_ROLES)
    if unknown:
        raise ValidationError(f"Only City roles come from single sign-on, not {', '.join(sorted(unknown))}.")
    if user.provider_id is not None:
        raise ValidationError("Provider users do not sign in through the City's identity provider.")
    current = set(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
    if current == roles:
        return user
    with transaction.atomic(), acting_as(actor):
        user._change_reason = f"{source}: roles {', '.join(sorted(roles)) or 'none'}"
        user.save()
        keep = list(user.groups.exclude(name__in=ALL_ROLES))
        user.groups.set(keep + [Group.objects.get_or_create(name=role)[0] for role in sorted(roles)])
        user.__dict__.pop("_conduit_roles", None)
        user.__dict__.pop("_change_reason", None)  # not for later saves (e.g. the login stamp)
    return user


def user_reset_second_factor(*, user, actor):
    """Remove every second factor of `user` (TOTP, recovery codes, security keys).

    Their sessions end at the next request (the second factor they signed in
    with is gone), and at the next sign-in they enrol again. Only Staff may do
    this, never for themselves; the user's history records who did it, when.
    """
    from allauth.mfa.models import Authenticator

    from accounts.roles import has_role

    if not has_role(actor, STAFF):
        raise PermissionDenied("Only the cable office (Staff) can reset a second factor.")
    if actor.pk == user.pk:
        raise ValidationError("You cannot reset your own second factor; ask a colleague.")
    with transaction.atomic(), acting_as(actor):
        removed, _ = Authenticator.objects.filter(user=user).delete()
        user._change_reason = f"Second factor reset by {actor.get_username()} ({removed} removed)"
        user.save()
        user.__dict__.pop("_change_reason", None)
    return removed


def _signin_lock_staff_recipients(user):
    staff = User.objects.filter(is_active=True, groups__name=STAFF).exclude(email="").exclude(pk=user.pk)
    return sorted({person.email for person in staff})


def user_signin_lock(*, user, actor, failures, address):
    """Lock `user` out of password sign-in after `failures` failed attempts
    (accounts/throttle.py decides when), and tell them and Staff by email.

    Until Staff unlock it (user_signin_unlock) the right password is refused
    too. Locking a locked account again does nothing and sends nothing. The
    e-mails go after the commit: the user's (if they have an address) says
    what happened and whom to ask; Staff's names the account, the count, the
    last address and the page to unlock it.
    """
    from django.utils import timezone

    from core.emails import make_message

    with transaction.atomic(), acting_as(actor):
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.signin_locked_at is not None:
            return user
        user.signin_locked_at = timezone.now()
        user.signin_lock_reason = f"{failures} failed sign-in attempts; the last from {address or 'an unknown address'}"
        user.clean_fields(exclude=[f.name for f in User._meta.fields if f.name not in SIGNIN_LOCK_FIELDS])
        user._change_reason = f"Sign-in locked: {user.signin_lock_reason}"
        user.save(update_fields=SIGNIN_LOCK_FIELDS)
        user.__dict__.pop("_change_reason", None)
        context = {"person": user, "failures": failures, "address": address}
        messages = []
        if user.email:
            messages.append(make_message("accounts/signin_locked", context, to=[user.email]))
        staff = _signin_lock_staff_recipients(user)
        if staff:
            messages.append(make_message("accounts/signin_locked_staff", context, to=staff))
        transaction.on_commit(lambda: [message.send(fail_silently=True) for message in messages])
    return user


def user_signin_unlock(*, user, actor):
    """Staff let a locked account sign in again. The failed attempts counted
    against its username are forgotten with the lock (or the next failure
    would lock it again); the user's history names who unlocked it."""
    from axes.handlers.proxy import AxesProxyHandler

    from accounts.roles import has_role
    from accounts.throttle import throttle_username

    if not has_role(actor, STAFF):
        raise PermissionDenied("Only the cable office (Staff) can unlock an account.")
    with transaction.atomic(), acting_as(actor):
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.signin_locked_at is None:
            raise ValidationError(f"{user.get_username()} is not locked.")
        user.signin_locked_at = None
        reason = user.signin_lock_reason
        user.signin_lock_reason = ""
        user._change_reason = f"Sign-in unlocked by {actor.get_username()} (was locked after {reason})"
        user.save(update_fields=SIGNIN_LOCK_FIELDS)
        user.__dict__.pop("_change_reason", None)
        AxesProxyHandler.reset_attempts(username=throttle_username(user.get_username()))
    return user
