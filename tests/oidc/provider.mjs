// A real OpenID Connect provider for the test suite (npm oidc-provider).
//
// Started by tests/oidc/conftest.py on 127.0.0.1 with:
//   PORT           the port to listen on
//   REDIRECT_URI   the Django live server's callback URL
//   CLIENT_ID, CLIENT_SECRET
//   USERS_FILE     JSON {"current": "<login>", "users": {"<login>": {...}}},
//                  read at every sign-in, so a test changes a user's groups
//                  (or who signs in next) by rewriting the file.
// There is no login form: the interaction signs in the user named "current"
// and grants the requested scopes. A user with "tamper": true gets an ID
// token whose payload was changed after signing (its groups claim), so the
// signature no longer matches: the relying party must refuse it.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

import Provider from "oidc-provider";

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const usersFile = process.env.USERS_FILE;

function readUsers() {
  return JSON.parse(readFileSync(usersFile, "utf8"));
}

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };

const configuration = {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: [randomUUID()] },
  scopes: ["openid", "profile", "email", "groups"],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name", "preferred_username"],
    groups: ["groups"],
  },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const user = readUsers().users[id];
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: user.email || `${id}@city.example`,
          email_verified: true,
          name: user.name || id,
          given_name: user.given_name || id,
          family_name: user.family_name || "Tester",
          preferred_username: id,
          groups: user.groups || [],
        };
      },
    };
  },
};

const provider = new Provider(issuer, configuration);

function b64url(obj) {
  return Buffer.from(JSON.stringify(obj)).toString("base64url");
}

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (match && ctx.method === "GET") {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const { prompt, params } = details;
    let result;
    if (prompt.name === "login") {
      const current = readUsers().current;
      result = { login: { accountId: current } };
    } else {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
      if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
      if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
      if (prompt.details.missingResourceScopes) {
        for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes)) {
          grant.addResourceScope(indicator, scopes.join(" "));
        }
      }
      result = { consent: { grantId: await grant.save() } };
    }
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
    ctx.status = 303;
    ctx.redirect(returnTo);
    return;
  }
  await next();
  if (ctx.path === "/token" && ctx.body && ctx.body.id_token) {
    const [header, payload, signature] = ctx.body.id_token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const user = readUsers().users[claims.sub];
    if (user && user.tamper) {
      claims.groups = ["conduit-staff", "conduit-legal"];
      ctx.body = { ...ctx.body, id_token: `${header}.${b64url(claims)}.${signature}` };
    }
  }
});

provider.listen(port, "127.0.0.1", () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
