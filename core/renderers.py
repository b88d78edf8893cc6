"""The API's browsable pages, under the one relaxation of the Content-Security-Policy they need."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from rest_framework import renderers

# Django REST framework's HTML pages put the code highlighting in a <style> element and lay out
# their filter buttons with style attributes. Their scripts are static files, so script-src stays
# 'self'; only styles are relaxed, and only on responses rendered as these HTML pages (the JSON
# the API answers to programs keeps the strict policy).
BROWSABLE_API_CSP = {"style-src": [UNSAFE_INLINE]}


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            # django-csp's own decorator, applied to this one response.
            csp_update(BROWSABLE_API_CSP)(lambda: response)()
        return super().render(data, accepted_media_type, renderer_context)
