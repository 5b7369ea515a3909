import { z } from "zod";
import { ROLES } from "../../domain/permissions.ts";
import { int, text, unsetIfBlank, url, type Variable } from "./variable.ts";

const ROLE_MAP_DEFAULT = "firebreak-admins=admin,firebreak-security=security,firebreak-reviewers=reviewer";
const pair = new RegExp(`^[^=,]+=\\s*(${ROLES.join("|")})$`);

/** Comma-separated `group=role` pairs naming known roles. */
const roleMap: Variable<string> = {
  schema: z.preprocess(unsetIfBlank, z.string().refine((v) => v.split(",").every((p) => pair.test(p.trim()))).default(ROLE_MAP_DEFAULT)),
  expect: `comma-separated group=role pairs, each role one of ${ROLES.join(", ")}`,
  shown: ROLE_MAP_DEFAULT,
  doc: "group → role pairs; the most powerful match wins",
};

/** Sessions, sign-in delays, client addresses and single sign-on. */
export const SIGN_IN_VARS = {
  NEXTAUTH_SECRET: text({ default: undefined, doc: "session signing secret; required in production" }),
  NEXTAUTH_URL: url({ schemes: ["http", "https"], doc: "the public URL; https turns on secure cookies and HSTS" }),
  FIREBREAK_TRUSTED_PROXY_HOPS: int({ default: 0, min: 0, max: 10, doc: "proxies in front of Firebreak that append to X-Forwarded-For" }),
  FIREBREAK_LOGIN_MAX_FAILURES_PER_ACCOUNT: int({ default: 10, min: 1, max: 1_000_000, doc: "failed sign-ins on one account before new addresses wait" }),
  FIREBREAK_LOGIN_MAX_FAILURES_PER_ADDRESS: int({ default: 20, min: 1, max: 1_000_000, doc: "failed sign-ins from one address before it waits" }),
  FIREBREAK_LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS: int({ default: 3, min: 1, max: 1_000_000, doc: "failed sign-ins on one account from one address before that pair waits" }),
  FIREBREAK_LOGIN_DELAY_BASE_S: int({ default: 1, min: 1, max: 86_400, doc: "the first sign-in wait, doubling with each further failure" }),
  FIREBREAK_LOGIN_DELAY_MAX_S: int({ default: 900, min: 1, max: 604_800, doc: "the longest sign-in wait" }),
  FIREBREAK_OIDC_ISSUER: url({ schemes: ["http", "https"], doc: "an OpenID Connect issuer; with the client id and secret it turns single sign-on on" }),
  FIREBREAK_OIDC_CLIENT_ID: text({ default: undefined, doc: "the client registered at the issuer" }),
  FIREBREAK_OIDC_CLIENT_SECRET: text({ default: undefined, doc: "the client's secret" }),
  FIREBREAK_OIDC_ROLE_CLAIM: text({ default: "groups", doc: "the claim holding the person's groups" }),
  FIREBREAK_OIDC_ROLE_MAP: roleMap,
  FIREBREAK_OIDC_NAME: text({ default: "Single sign-on", doc: "the label of the sign-on button" }),
};
