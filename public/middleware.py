"""Answers that are the same for everyone must not say they vary on the cookie.

The site's middleware reads the session on every request (to know whether someone is signed in), and
Django's session middleware then adds `Vary: Cookie`, which tells every shared cache to keep one copy
per visitor: the public register could never be cached. Its views render as an anonymous visitor
whoever asks (public/views.py) and mark the response `same_for_everyone`; for a request that carries
no session cookie this middleware, placed outside the session middleware, takes `Cookie` back out of
`Vary`. A signed-in visitor's answer keeps it (and is `no-store` anyway: accounts/middleware.py).
"""

from django.conf import settings

# Set on a response whose content is the same whoever asked (public/views.py).
VARY_ATTRIBUTE = "same_for_everyone"


class SameForEveryoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, VARY_ATTRIBUTE, False) and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            vary = [part.strip() for part in response.get("Vary", "").split(",") if part.strip()]
            kept = [part for part in vary if part.lower() != "cookie"]
            if kept:
                response["Vary"] = ", ".join(kept)
            elif "Vary" in response:
                del response["Vary"]
        return response
