"""API viewsets of this app, registered on /api/v1/ by config/api.py."""


def register(router):
    """Add this app's viewsets to the /api/v1/ router."""
