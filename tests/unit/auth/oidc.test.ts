import { describe, expect, it } from "vitest";
import { oidcProvider as oidcFromConfig, roleFromClaims } from "../../../lib/server/auth/oidc.ts";
import { parseConfig } from "../../../lib/server/config/config.ts";

const MAP = "fb-admins=admin,fb-security=security,fb-reviewers=reviewer";
// The provider as the configuration parsed from these variables builds it.
const oidcProvider = (env: Record<string, string | undefined>) => oidcFromConfig(parseConfig(env));
const ENV = { FIREBREAK_OIDC_ISSUER: "https://id.example.com/realms/x/", FIREBREAK_OIDC_CLIENT_ID: "firebreak", FIREBREAK_OIDC_CLIENT_SECRET: "s3cret" };

describe("oidc: roleFromClaims", () => {
  it("a person in several mapped groups gets the most powerful role", () => {
    expect(roleFromClaims({ groups: ["fb-reviewers", "fb-admins", "staff"] }, "groups", MAP)).toBe("admin");
    expect(roleFromClaims({ groups: ["fb-reviewers", "fb-security"] }, "groups", MAP)).toBe("security");
  });

  it("a single-valued claim maps too", () => {
    expect(roleFromClaims({ role: "fb-reviewers" }, "role", MAP)).toBe("reviewer");
  });

  it("a person in no mapped group, or without the claim, gets no role (and cannot sign in)", () => {
    expect(roleFromClaims({ groups: ["staff"] }, "groups", MAP)).toBeNull();
    expect(roleFromClaims({}, "groups", MAP)).toBeNull();
    expect(roleFromClaims({ groups: null }, "groups", MAP)).toBeNull();
  });

  it("a mapping to a role that does not exist is ignored, and spaces around pairs are trimmed", () => {
    expect(roleFromClaims({ groups: ["root"] }, "groups", "root=superuser")).toBeNull();
    expect(roleFromClaims({ groups: ["ops"] }, "groups", " ops = security , x=admin")).toBe("security");
  });
});

describe("oidc: provider configuration", () => {
  it("is off unless issuer, client id and client secret are all set", () => {
    expect(oidcProvider({})).toBeNull();
    expect(oidcProvider({ ...ENV, FIREBREAK_OIDC_CLIENT_SECRET: "" })).toBeNull();
    expect(oidcProvider({ ...ENV, FIREBREAK_OIDC_ISSUER: undefined })).toBeNull();
  });

  it("checks PKCE and state, verifies the ID token, and discovers endpoints from the issuer", () => {
    const p = oidcProvider(ENV)!;
    expect(p.checks).toEqual(["pkce", "state"]);
    expect(p.idToken).toBe(true);
    expect(p.type).toBe("oauth");
    expect(p.wellKnown).toBe("https://id.example.com/realms/x/.well-known/openid-configuration");
    expect(p.clientId).toBe("firebreak");
    expect(p.name).toBe("Single sign-on");
  });

  it("maps the configured claim through the configured table when building the profile", async () => {
    const p = oidcProvider({ ...ENV, FIREBREAK_OIDC_ROLE_CLAIM: "roles", FIREBREAK_OIDC_ROLE_MAP: "ops=security", FIREBREAK_OIDC_NAME: "Keycloak" })!;
    expect(p.name).toBe("Keycloak");
    const user = await p.profile({ sub: "u1", email: "o@example.com", roles: ["ops"] }, {});
    expect(user).toMatchObject({ id: "u1", email: "o@example.com", name: "o@example.com", role: "security" });
    expect(await p.profile({ sub: "u2", groups: ["firebreak-admins"] }, {})).toMatchObject({ role: null });
  });

  it("uses the default groups claim and firebreak-* group names when no mapping is configured", async () => {
    const p = oidcProvider(ENV)!;
    expect(await p.profile({ sub: "u3", groups: ["firebreak-admins"] }, {})).toMatchObject({ role: "admin" });
  });

  it("gives no role (so no sign-in) when the provider says the email is not verified", async () => {
    const p = oidcProvider(ENV)!;
    expect(await p.profile({ sub: "u4", email: "a@example.com", email_verified: false, groups: ["firebreak-admins"] }, {})).toMatchObject({ role: null });
  });
});
