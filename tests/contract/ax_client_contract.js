// The vendor's TypeScript client (@arizeai/ax-client, the exact version of package.json) drives
// the emulator of the current API revision through every operation and its error cases.
// Run by contract.py ax-client, which starts the emulator and Prism in front of it, and sets
// ARIZE_CONTRACT_SETUP (JSON: baseUrl (Prism's), directUrl (the emulator's), adminKey,
// memberKey, organization, spaces, adminUser, memberUser) and NODE_PATH. Requests the document
// forbids on purpose (a bad limit) go to directUrl: Prism would refuse them itself.
// Prints one line per named check and "N passed, M failed"; exits 1 when a check failed.
// Raw keys are never printed.
"use strict";

const ax = require("@arizeai/ax-client");

const setup = JSON.parse(process.env.ARIZE_CONTRACT_SETUP);
const [production, staging] = setup.spaces;
let org = setup.organization; // the banner's; replaced by the organization of `production` below
const UNKNOWN_ID = "QXBpS2V5Ojk5OTk5"; // base64 of ApiKey:99999, never issued

const admin = ax.createClient({ baseUrl: setup.baseUrl, apiKey: setup.adminKey });
const member = ax.createClient({ baseUrl: setup.baseUrl, apiKey: setup.memberKey });
const withKey = (apiKey) => ax.createClient({ baseUrl: setup.baseUrl, apiKey });
const adminDirect = ax.createClient({ baseUrl: setup.directUrl, apiKey: setup.adminKey });

let passed = 0;
let failed = 0;

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// A check that builds on an earlier one's key: a clear message when that one failed.
function need(value, check) {
  if (value === undefined) throw new Error(`not run: needs "${check}", which failed`);
}

async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`PASS ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${error && error.message ? error.message : error}`);
  }
}

// Resolves to the status of the error `promise` rejects with (the client's typed errors carry
// statusCode); fails when it resolves.
async function statusOf(promise) {
  try {
    await promise;
  } catch (error) {
    assert(typeof error.statusCode === "number", `not an API error: ${error.message}`);
    return error.statusCode;
  }
  throw new Error("the call succeeded; an error status was expected");
}

async function expectStatus(promise, status, errorClass) {
  let caught;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert(caught !== undefined, `the call succeeded; HTTP ${status} was expected`);
  assert(caught.statusCode === status, `HTTP ${caught.statusCode} (${caught.message}), expected ${status}`);
  if (errorClass) assert(caught instanceof errorClass, `${caught.name}, expected ${errorClass.name}`);
}

function serviceKeyParams(name, spaceRole, orgRole, accountRole, spaceId = production) {
  return {
    keyType: "SERVICE",
    name,
    description: "contract check",
    expiresAt: new Date("2030-01-01T00:00:00Z"),
    ...(accountRole ? { accountRole } : {}),
    organizations: [
      {
        orgId: org,
        ...(orgRole ? { role: orgRole } : {}),
        spaces: [{ spaceId, ...(spaceRole ? { role: spaceRole } : {}) }],
      },
    ],
  };
}

async function keyWorks(rawKey) {
  try {
    await ax.listApiKeys({ client: withKey(rawKey), limit: 1 });
    return true;
  } catch (error) {
    if (error.statusCode === 401) return false;
    throw error;
  }
}

// The organization holding `space`, found as the vendor suggests: the organizations listing,
// then the spaces of each (a Space does not carry its organization id).
async function organizationOf(space) {
  const orgs = await ax.listOrganizations({ client: admin, limit: 100 });
  for (const o of orgs.data) {
    const spaces = await ax.listSpaces({ client: admin, organizationId: o.id, limit: 100 });
    if (spaces.data.some((s) => s.id === space)) return o.id;
  }
  throw new Error(`no organization lists space ${space}`);
}

async function main() {
  let userKey;
  let serviceKey;

  await check("listOrganizations, listSpaces organizationId: the organization of a space", async () => {
    org = await organizationOf(production);
  });

  await check("listApiKeys: the caller's active user keys", async () => {
    const page = await ax.listApiKeys({ client: admin });
    assert(Array.isArray(page.data) && page.data.length >= 1, "no keys listed");
    for (const key of page.data) {
      assert(key.keyType === "USER", `keyType ${key.keyType}`);
      assert(key.status === "ACTIVE", `status ${key.status}`);
      assert(key.createdAt instanceof Date && !isNaN(key.createdAt), "createdAt");
      assert(!("key" in key), "a listed key carries its secret");
    }
    assert(typeof page.pagination.hasMore === "boolean", "pagination.hasMore");
  });

  await check("listApiKeys: keyType USER, status ACTIVE, limit 1, cursor", async () => {
    await ax.createApiKey({ client: admin, keyType: "USER", name: "paging" });
    const first = await ax.listApiKeys({ client: admin, keyType: "USER", status: "ACTIVE", limit: 1 });
    assert(first.data.length === 1, `${first.data.length} keys on a page of 1`);
    assert(first.pagination.hasMore && first.pagination.nextCursor, "no next cursor");
    const second = await ax.listApiKeys({
      client: admin, keyType: "USER", status: "ACTIVE", limit: 1, cursor: first.pagination.nextCursor,
    });
    assert(second.data.length === 1 && second.data[0].id !== first.data[0].id, "the second page");
  });

  await check("createApiKey USER", async () => {
    userKey = await ax.createApiKey({
      client: admin, keyType: "USER", name: "ts user key", description: "contract check",
      expiresAt: new Date("2030-01-01T00:00:00Z"),
    });
    assert(userKey.keyType === "USER" && userKey.status === "ACTIVE", `${userKey.keyType} ${userKey.status}`);
    assert(typeof userKey.key === "string" && userKey.key.startsWith("ak-"), "no raw key");
    assert(userKey.name === "ts user key" && userKey.description === "contract check", "name/description");
    assert(userKey.expiresAt.toISOString() === "2030-01-01T00:00:00.000Z", "expiresAt");
    assert(!("botUser" in userKey), "a user key with a bot user");
    assert(await keyWorks(userKey.key), "the new key does not authenticate");
  });

  await check("createApiKey SERVICE with organizations and roles", async () => {
    serviceKey = await ax.createApiKey({
      client: admin,
      ...serviceKeyParams("ts service key", { name: "MEMBER" }, { name: "READ_ONLY" }, { name: "MEMBER" }),
    });
    assert(serviceKey.keyType === "SERVICE", `keyType ${serviceKey.keyType}`);
    assert(serviceKey.key.startsWith("ak-"), "no raw key");
    const bot = serviceKey.botUser;
    assert(bot && bot.id && bot.organizations.length === 1, "botUser");
    assert(bot.accountRole.name === "MEMBER", `account role ${JSON.stringify(bot.accountRole)}`);
    assert(bot.organizations[0].orgId === org, "botUser org");
    assert(bot.organizations[0].role.name === "READ_ONLY", "org role");
    assert(bot.organizations[0].spaces[0].spaceId === production, "botUser space");
    assert(bot.organizations[0].spaces[0].role.name === "MEMBER", "space role");
  });

  await check("createApiKey SERVICE: roles default to the minimum", async () => {
    const created = await ax.createApiKey({ client: admin, ...serviceKeyParams("ts defaults") });
    const bot = created.botUser;
    assert(bot.accountRole.name === "MEMBER", `account role ${JSON.stringify(bot.accountRole)}`);
    assert(bot.organizations[0].role.name === "READ_ONLY", "org role");
    assert(bot.organizations[0].spaces[0].role.name === "MEMBER", "space role");
  });

  await check("listApiKeys spaceId: the space's service keys", async () => {
    need(serviceKey, "createApiKey SERVICE with organizations and roles");
    const page = await ax.listApiKeys({ client: admin, spaceId: production, limit: 100 });
    const listed = page.data.find((k) => k.id === serviceKey.id);
    assert(listed && listed.keyType === "SERVICE", "the service key is not listed");
    const mine = await ax.listApiKeys({ client: admin, spaceId: production, userId: setup.adminUser });
    assert(mine.data.some((k) => k.id === serviceKey.id), "not listed by its creator");
  });

  await check("refreshApiKey with expiresAt and gracePeriodSeconds", async () => {
    need(userKey, "createApiKey USER");
    const refreshed = await ax.refreshApiKey({
      client: admin, apiKeyId: userKey.id, expiresAt: new Date("2029-06-01T00:00:00Z"), gracePeriodSeconds: 600,
    });
    assert(refreshed.key.startsWith("ak-") && refreshed.key !== userKey.key, "no new raw key");
    assert(refreshed.name === "ts user key" && refreshed.keyType === "USER", "metadata not kept");
    assert(refreshed.expiresAt.toISOString() === "2029-06-01T00:00:00.000Z", "expiresAt");
    assert(await keyWorks(refreshed.key), "the new key does not authenticate");
    assert(await keyWorks(userKey.key), "the old key stopped within its grace period");
    userKey = refreshed;
  });

  await check("refreshApiKey: a longer life is refused (422)", async () => {
    need(userKey, "createApiKey USER");
    await expectStatus(
      ax.refreshApiKey({ client: admin, apiKeyId: userKey.id, expiresAt: new Date("2030-06-01T00:00:00Z") }),
      422, ax.APIError);
  });

  await check("refreshApiKey: an expiring key needs expiresAt (422)", async () => {
    need(userKey, "createApiKey USER");
    await expectStatus(ax.refreshApiKey({ client: admin, apiKeyId: userKey.id }), 422, ax.APIError);
  });

  await check("refreshApiKey SERVICE key", async () => {
    need(serviceKey, "createApiKey SERVICE with organizations and roles");
    const refreshed = await ax.refreshApiKey({
      client: admin, apiKeyId: serviceKey.id, expiresAt: new Date("2029-01-01T00:00:00Z"),
    });
    assert(refreshed.keyType === "SERVICE" && !("botUser" in refreshed), "refresh response");
    serviceKey = refreshed;
  });

  await check("revokeApiKey, then again (idempotent)", async () => {
    const victim = await ax.createApiKey({ client: admin, keyType: "USER", name: "to revoke" });
    assert((await ax.revokeApiKey({ client: admin, apiKeyId: victim.id })) === undefined, "revoke result");
    assert((await ax.revokeApiKey({ client: admin, apiKeyId: victim.id })) === undefined, "second revoke");
    assert(!(await keyWorks(victim.key)), "a revoked key still authenticates");
    const revoked = await ax.listApiKeys({ client: admin, status: "REVOKED", limit: 100 });
    const listed = revoked.data.find((k) => k.id === victim.id);
    assert(listed && listed.status === "REVOKED", "not listed as REVOKED");
  });

  await check("revokeApiKey SERVICE key", async () => {
    need(serviceKey, "createApiKey SERVICE with organizations and roles");
    await ax.revokeApiKey({ client: admin, apiKeyId: serviceKey.id });
    const page = await ax.listApiKeys({ client: admin, spaceId: production, limit: 100 });
    assert(!page.data.some((k) => k.id === serviceKey.id), "still listed as active");
  });

  await check("401 with a bad key", async () => {
    await expectStatus(ax.listApiKeys({ client: withKey("ak-not-a-key-0123456789abcdefghijklmnopqrs") }),
      401, ax.AuthenticationError);
  });

  await check("404 on an unknown id (revoke, refresh)", async () => {
    await expectStatus(ax.revokeApiKey({ client: admin, apiKeyId: UNKNOWN_ID }), 404, ax.NotFoundError);
    await expectStatus(ax.refreshApiKey({ client: admin, apiKeyId: UNKNOWN_ID }), 404, ax.NotFoundError);
  });

  await check("404 for a user key of someone else", async () => {
    need(userKey, "createApiKey USER");
    await expectStatus(ax.revokeApiKey({ client: member, apiKeyId: userKey.id }), 404, ax.NotFoundError);
  });

  await check("403 listing another user's keys as a member", async () => {
    await expectStatus(ax.listApiKeys({ client: member, userId: setup.adminUser }), 403, ax.AuthorizationError);
  });

  await check("422 for a space role above the caller's", async () => {
    await expectStatus(
      ax.createApiKey({ client: member, ...serviceKeyParams("too high", { name: "ADMIN" }) }), 422, ax.APIError);
  });

  await check("422 for an account role above the caller's", async () => {
    await expectStatus(
      ax.createApiKey({ client: member, ...serviceKeyParams("too high", null, null, { name: "ADMIN" }) }),
      422, ax.APIError);
  });

  await check("422 for ANNOTATOR on a service key", async () => {
    await expectStatus(
      ax.createApiKey({ client: admin, ...serviceKeyParams("annotator", { name: "ANNOTATOR" }) }), 422, ax.APIError);
    await expectStatus(
      ax.createApiKey({ client: admin, ...serviceKeyParams("annotator", null, { name: "ANNOTATOR" }) }),
      422, ax.APIError);
  });

  await check("422 for a CUSTOM role at organization level", async () => {
    await expectStatus(
      ax.createApiKey({ client: admin, ...serviceKeyParams("custom", null, { id: "Um9sZTox" }) }), 422, ax.APIError);
  });

  await check("4xx for a space listed under an organization it does not belong to", async () => {
    const orgs = await ax.listOrganizations({ client: admin, limit: 100 });
    const other = orgs.data.find((o) => o.id !== org);
    const params = serviceKeyParams("wrong org");
    params.organizations[0].orgId = other ? other.id : "T3JnYW5pemF0aW9uOjk5OTk="; // else unknown
    const status = await statusOf(ax.createApiKey({ client: admin, ...params }));
    assert([400, 404, 422].includes(status), `HTTP ${status}`);
  });

  await check("403 creating a service key in a read-only space", async () => {
    await expectStatus(
      ax.createApiKey({ client: member, ...serviceKeyParams("read-only", null, null, null, staging) }),
      403, ax.AuthorizationError);
  });

  await check("400 for a bad limit", async () => {
    await expectStatus(ax.listApiKeys({ client: adminDirect, limit: 0 }), 400, ax.BadRequestError);
    await expectStatus(ax.listApiKeys({ client: adminDirect, limit: 101 }), 400, ax.BadRequestError);
  });

  await check("listSpaces: every seeded space, filtered by org and by name", async () => {
    const all = await ax.listSpaces({ client: admin, limit: 100 });
    for (const id of setup.spaces) assert(all.data.some((s) => s.id === id), `space ${id} not listed`);
    for (const s of all.data) assert(s.name && s.createdAt instanceof Date, "space fields");
    const inOrg = await ax.listSpaces({ client: admin, organizationId: org, limit: 100 });
    assert(inOrg.data.some((s) => s.id === production), "not listed under its organization");
    const named = await ax.listSpaces({ client: admin, name: all.data[0].name.toUpperCase() });
    assert(named.data.some((s) => s.id === all.data[0].id), "name filter (case-insensitive)");
  });

  await check("listOrganizations", async () => {
    const page = await ax.listOrganizations({ client: admin });
    assert(page.data.some((o) => o.id === org), "the organization is not listed");
    assert(typeof page.pagination.hasMore === "boolean", "pagination");
  });

  await check("listSpaces: 400 for a bad limit", async () => {
    assert((await statusOf(ax.listSpaces({ client: adminDirect, limit: 0 }))) === 400, "status");
  });

  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.log(`FAIL (aborted): ${error && error.message ? error.message : error}`);
    process.exit(1);
  });
