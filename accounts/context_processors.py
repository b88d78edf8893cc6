from django.conf import settings

from accounts.roles import AUDITOR, LEGAL, STAFF, has_role, is_city_user, is_provider_user, primary_role


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"city_sso": city_sso()}
    return {
        "role": primary_role(user),
        "is_city_user": is_city_user(user),
        "is_provider_user": is_provider_user(user),
        "can_write": has_role(user, STAFF),
        "is_legal": has_role(user, LEGAL),
        "is_auditor": has_role(user, AUDITOR) and not has_role(user, STAFF, LEGAL),
    }


def city_sso():
    """The City identity provider's sign-in button, when one is configured."""
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("city_oidc", {}).get("APPS") or []
    if not apps:
        return None
    return {"provider_id": apps[0]["provider_id"], "name": apps[0].get("name") or "City sign-in"}
