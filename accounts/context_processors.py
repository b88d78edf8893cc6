from accounts.roles import AUDITOR, LEGAL, STAFF, has_role, is_city_user, is_provider_user, primary_role


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "role": primary_role(user),
        "is_city_user": is_city_user(user),
        "is_provider_user": is_provider_user(user),
        "can_write": has_role(user, STAFF),
        "is_legal": has_role(user, LEGAL),
        "is_auditor": has_role(user, AUDITOR) and not has_role(user, STAFF, LEGAL),
    }
