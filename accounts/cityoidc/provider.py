"""The City's identity provider: allauth's OpenID Connect provider, stricter.

allauth's own provider may skip the ID token's signature check when the token
came straight from the token endpoint (OpenID Connect Core 1.0, section
3.1.3.7, allows that over TLS), and it prefers the userinfo answer over the ID
token. Conduit takes roles from the ID token's group claim, so here the ID
token's signature, issuer, audience and expiry are always checked against the
provider's published keys, and the claims come from the ID token only.
"""

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

from accounts.cityoidc.views import CityOIDCAdapter


class CityOIDCProvider(OpenIDConnectProvider):
    id = "city_oidc"
    name = "City sign-in"
    oauth2_adapter_class = CityOIDCAdapter

    def get_default_scope(self):
        scope = ["openid", "profile", "email"]
        extra = self.app.settings.get("groups_scope")
        if extra:
            scope.append(extra)
        return scope


provider_classes = [CityOIDCProvider]
