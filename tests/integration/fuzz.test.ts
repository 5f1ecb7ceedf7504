import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { action as manageAction } from "~/routes/manage";
import { action as participateAction } from "~/routes/participate";
import { action as optionAction } from "~/routes/option";
import { action as inboxAction } from "~/routes/inbox";
import { normaliseAddress } from "~/domain/notifications";
import { action as workAction } from "~/routes/work";
import { cookieFor as cookieForAccount } from "#tests/fixtures/session";

// Random and hostile form posts to the actions, as a signed-in user with a valid CSRF token:
// every one is answered 4xx with a message and leaves the tables it touches exactly as they were.
// Demo data: round 2 is tasting in 乐园小区 (option 3); jumin's household is 15.

// the seeded demo: tests/setup.ts gives this file a copy of it (seeded once per run)

const TABLES = [
  "Ballot",
  "Receipt",
  "Need",
  "Support",
  "NeedMerge",
  "Objection",
  "SatisfactionRating",
  "Milestone",
  "Round",
  "AuditLog",
  "Household",
  "Comment",
  "ContactChannel",
  "Notification",
];

async function snapshot() {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) out[t] = await db.$queryRawUnsafe(`SELECT * FROM "${t}" ORDER BY id`);
  return JSON.stringify(out, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

async function cookieFor(username: string) {
  const account = await db.account.findUniqueOrThrow({ where: { username } });
  return cookieForAccount(account.id, "fuzz-token");
}

const hostileText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '\'; DROP TABLE "Ballot"; --',
    "<script>alert(1)</script>",
    "1 OR 1=1",
    "\u0000",
    "𠜎𠜱𠝹",
    "-1",
    "1e9",
    "NaN",
    "[]",
    "{}",
  ),
  fc.string({ minLength: 5001, maxLength: 6000 }),
);
const badScore = fc.oneof(
  fc.integer({ min: -1000, max: 0 }),
  fc.integer({ min: 6, max: 1000 }),
  fc.constantFrom("4.5", "five", "", "⭐"),
);
const notMine = fc.oneof(
  fc.integer({ min: 16, max: 5000 }),
  fc.integer({ min: -5, max: 14 }),
  fc.constantFrom("x", "", "15; DROP"),
);

async function post(
  run: (args: never) => Promise<unknown>,
  url: string,
  cookie: string,
  fields: Record<string, string>,
  params: Record<string, string>,
) {
  const body = new URLSearchParams({ csrf: "fuzz-token", ...fields });
  const request = new Request(url, {
    method: "POST",
    body,
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
  });
  try {
    const result = (await run({
      request,
      params,
      context: { nonce: "", ip: "127.0.0.1" },
    } as never)) as
      | {
          init?: { status?: number };
          // a FormProblem names its message; a Conform reply (need, objection) keeps its errors by field
          data?: { form?: string; result?: { error?: Record<string, string[] | null> } };
        }
      | Response;
    if (result instanceof Response) return { status: result.status, message: "" };
    const fieldErrors = Object.values(result.data?.result?.error ?? {}).flat();
    return {
      status: result.init?.status ?? 200,
      message: result.data?.form ?? fieldErrors.find((m) => !!m) ?? "",
    };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, message: e.statusText || "refused" };
    throw e;
  }
}

const expect4xx = (r: { status: number; message: string }) => {
  expect(r.status).toBeGreaterThanOrEqual(400);
  expect(r.status).toBeLessThan(500);
  expect(r.message).not.toBe("");
};

describe("hostile input changes nothing", () => {
  it("resident actions", async () => {
    const cookie = await cookieFor("jumin");
    const before = await snapshot();
    const url = "http://x/rounds/2/participate";
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            intent: fc.constant("ballot"),
            householdId: fc.constant("15"),
            "scores.3": badScore.map(String),
            "scores.10": fc.constant("4"),
            "comments.3": hostileText,
          }),
          fc.record({
            intent: fc.constant("ballot"),
            householdId: notMine.map(String),
            "scores.3": fc.constantFrom("1", "5"),
            "scores.10": fc.constantFrom("1", "5"),
          }),
          fc
            .oneof(fc.integer({ min: 11, max: 9999 }), fc.constantFrom("0", "-3", "abc", "4"))
            .map((optionId) => ({
              intent: "ballot",
              householdId: "15",
              "scores.3": "4",
              "scores.10": "4",
              [`scores.${optionId}`]: "4",
            })),
          fc.record({
            intent: fc.constant("ballot"),
            householdId: fc.constant("15"),
            "scores.3": fc.constantFrom("1", "4"),
          }),
          fc.record({
            intent: fc.constant("ballot"),
            householdId: fc.constant("15"),
            "scores.3": fc.constant("4"),
            "scores.10": fc.constant("4"),
            // too long as stored: the form trims a comment, so spaces at its ends do not count
            "comments.10": fc
              .string({ minLength: 501, maxLength: 800 })
              .filter((c) => c.trim().length > 500),
          }),
          fc.record({ intent: hostileText, householdId: hostileText, score: hostileText }),
          fc.record({
            intent: fc.constant("propose"),
            householdId: fc.constant("15"),
            title: hostileText,
            description: fc.constant(""),
          }),
          fc.record({
            intent: fc.constant("object"),
            householdId: fc.constant("15"),
            text: hostileText,
          }),
          fc.record({
            intent: fc.constant("rate"),
            householdId: fc.constant("15"),
            score: badScore.map(String),
          }),
        ),
        async (fields) => {
          expect4xx(
            await post(participateAction as never, url, cookie, fields as Record<string, string>, {
              roundId: "2",
            }),
          );
        },
      ),
      { numRuns: 150 },
    );
    expect(await snapshot()).toBe(before);
  });

  it("community worker and street office actions", async () => {
    const worker = await cookieFor("shequ");
    const office = await cookieFor("jiedao");
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            intent: fc.constant("paper"),
            householdId: fc
              .oneof(fc.integer({ min: 400, max: 5000 }), fc.constantFrom("0", "x"))
              .map(String),
            sheetNo: hostileText,
            witness: hostileText,
            score_3: fc.constant("5"),
          }),
          fc.record({
            intent: fc.constant("paper"),
            householdId: fc.constant("1"),
            sheetNo: fc.constant("P1"),
            witness: fc.constant("W"),
            score_3: badScore.map(String),
          }),
          fc.record({
            intent: fc.constant("paper"),
            householdId: fc.constant("1"),
            sheetNo: fc.constant(""),
            witness: fc.constant("W"),
            score_3: fc.constant("5"),
          }),
          fc.record({
            intent: fc.constantFrom("merge", "freeze", "milestone"),
            fromId: hostileText,
            intoId: hostileText,
            date: hostileText,
          }),
        ),
        async (fields) => {
          expect4xx(
            await post(
              workAction as never,
              "http://x/rounds/2/work",
              worker,
              fields as Record<string, string>,
              { roundId: "2" },
            ),
          );
        },
      ),
      { numRuns: 100 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            intent: fc.constant("transition"),
            action: fc.oneof(
              hostileText,
              fc.constantFrom("close_round", "decide_round", "open_cooking"),
            ),
            confirm: fc.constantFrom("", "no"),
          }),
          fc.record({
            intent: fc.constant("answer"),
            objectionId: fc
              .oneof(fc.integer({ min: 2, max: 9999 }), fc.constantFrom("0", "x"))
              .map(String),
            answer: hostileText,
          }),
        ),
        async (fields) => {
          expect4xx(
            await post(
              manageAction as never,
              "http://x/rounds/2/manage",
              office,
              fields as Record<string, string>,
              { roundId: "2" },
            ),
          );
        },
      ),
      { numRuns: 100 },
    );
    expect(await snapshot()).toBe(before);
  });

  it("discussion and notification settings", async () => {
    const cookie = await cookieFor("jumin");
    const before = await snapshot();
    const badBody = fc.oneof(
      fc.constantFrom("", " ", "x", "\u0000", " 好 "),
      fc.string({ minLength: 1001, maxLength: 1500 }).filter((t) => t.trim().length > 1000),
    );
    const notAChannel = hostileText.filter((c) => c !== "email" && c !== "sms");
    const notAnAddress = hostileText.filter(
      (a) => normaliseAddress("email", a) === null && normaliseAddress("sms", a) === null,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            action: fc.constant("option"),
            intent: fc.constant("comment"),
            body: badBody,
          }),
          fc.record({
            action: fc.constant("option"),
            intent: fc.constant("comment"),
            body: fc.constant("想问一下施工期间怎么取快递"),
            parentId: fc
              .oneof(fc.integer({ min: 100_000, max: 200_000 }).map(String), hostileText)
              .filter((v) => v !== ""),
          }),
          fc.record({
            action: fc.constant("option"),
            intent: fc.constant("hide"),
            commentId: fc.integer({ min: -3, max: 50 }).map(String),
            reason: hostileText,
          }),
          fc.record({ action: fc.constant("option"), intent: hostileText, body: hostileText }),
          fc.record({
            action: fc.constant("inbox"),
            householdId: notMine.map(String),
            channel: fc.constantFrom("email", "sms"),
            address: fc.constant("13800138000"),
            optedIn: fc.constant("on"),
          }),
          fc.record({
            action: fc.constant("inbox"),
            householdId: fc.constant("15"),
            channel: notAChannel,
            address: fc.constant("jumin@example.cn"),
            optedIn: fc.constant("on"),
          }),
          fc.record({
            action: fc.constant("inbox"),
            householdId: fc.constant("15"),
            channel: fc.constantFrom("email", "sms"),
            address: notAnAddress,
            optedIn: fc.constant("on"),
          }),
        ),
        async ({ action, ...fields }) => {
          const r =
            action === "inbox"
              ? await post(inboxAction as never, "http://x/inbox", cookie, fields, {})
              : await post(optionAction as never, "http://x/rounds/2/options/3", cookie, fields, {
                  roundId: "2",
                  optionId: "3",
                });
          expect4xx(r);
        },
      ),
      { numRuns: 150 },
    );
    expect(await snapshot()).toBe(before);
  });
});
