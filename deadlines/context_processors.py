from deadlines.selectors import unread_reminders


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_reminders": unread_reminders(user).count()}
