import { expect, test, type Browser, type Page } from "@playwright/test";
import { confirmOwnerCode, e2eDb, ownerFactorOf, signedIn } from "./helpers";

// Issue 29, the ballot page's stumbles, at 360 px with and without JavaScript: after the deadline
// the page says so and asks nothing, and the street office may extend it once before the close;
// an expired proxy is told when it expired; one ballot per head, naming its flats; star targets of
// the tap size; no scorers' privacy notice for a tenant; 读给我听 where the device has a voice.

const PHONE = { width: 360, height: 740 };
const ROUND = 2; // 乐园小区快递柜与充电桩补充改造, being voted on
const js = () => test.info().project.use.javaScriptEnabled !== false;
/** A date as the e2e database stores it (Prisma's SQLite text form). */
const stored = (d: Date) => d.toISOString().replace("Z", "+00:00");

async function phone(browser: Browser, username: string) {
  const page = await signedIn(browser, username);
  await page.setViewportSize(PHONE);
  return page;
}

/** Run `body` with a row's columns set as time would have set them, then put them back. */
async function meanwhile(
  table: string,
  id: number,
  set: Record<string, unknown>,
  body: () => Promise<void>,
) {
  const db = e2eDb();
  const cols = Object.keys(set);
  const before = db
    .prepare(`SELECT ${cols.map((c) => `"${c}"`).join(", ")} FROM "${table}" WHERE id = ?`)
    .get(id) as Record<string, unknown>;
  const write = (values: Record<string, unknown>) =>
    db
      .prepare(`UPDATE "${table}" SET ${cols.map((c) => `"${c}" = ?`).join(", ")} WHERE id = ?`)
      .run(...cols.map((c) => values[c]), id);
  write(set);
  try {
    await body();
  } finally {
    write(before);
    db.close();
  }
}

test("after the deadline the ballot page says 已截止 and asks nothing; the street office extends it once", async ({
  browser,
}) => {
  const past = new Date(Date.now() - 3_600_000);
  await meanwhile("Round", ROUND, { tastingEndsAt: stored(past), extensionUsed: 0 }, async () => {
    const owner = await phone(browser, "yezhu");
    await owner.goto(`/rounds/${ROUND}/participate`);
    const main = owner.getByRole("main");
    await expect(main.getByText(/^已截止（\d{4}/)).toBeVisible();
    await expect(main.getByText("请为每个方案打分。")).toHaveCount(0);
    await expect(main.getByText("您家没有为此方案打分。")).toHaveCount(0);
    await expect(main.getByRole("button", { name: /提交评分|修改评分/ })).toHaveCount(0);

    // the manage page offers the extension beside closing
    const office = await phone(browser, "jiedao");
    await office.goto(`/rounds/${ROUND}/manage`);
    const close = office
      .locator("form")
      .filter({ has: office.getByRole("heading", { name: "结束评议并计票" }) });
    await expect(close).toBeVisible();
    const extend = office
      .locator("form")
      .filter({ has: office.getByRole("heading", { name: "延长评议一次" }) });
    await extend.getByLabel("延长天数").fill("7");
    await extend.getByLabel("我已核对，确认执行（不可撤销）").check();
    await extend.getByRole("button", { name: "延长评议一次" }).click();
    await expect(office.getByRole("status")).toHaveText("已延长评议。");

    const db = e2eDb();
    const round = db
      .prepare(`SELECT tastingEndsAt, extensionUsed, phase FROM "Round" WHERE id = ?`)
      .get(ROUND) as { tastingEndsAt: string; extensionUsed: number; phase: string };
    const logged = db
      .prepare(
        `SELECT count(*) AS n FROM "AuditLog" WHERE roundId = ? AND action = 'round.extend_tasting'`,
      )
      .get(ROUND) as { n: number };
    db.close();
    expect(round.phase).toBe("TASTING");
    expect(round.extensionUsed).toBe(1);
    expect(new Date(round.tastingEndsAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(logged.n).toBeGreaterThan(0);
    // extended: the owner may score again
    await owner.goto(`/rounds/${ROUND}/participate`);
    await expect(owner.getByRole("button", { name: /提交评分|修改评分/ })).toBeVisible();
  });
});

test("an expired proxy is told that their proxy expired and when", async ({ browser }) => {
  const db = e2eDb();
  const proxy = db
    .prepare(
      `SELECT p.id FROM "ProxyAuthorisation" p JOIN "Account" a ON a.id = p.proxyAccountId
       WHERE a.username = 'daili' AND p.roundId = ?`,
    )
    .get(ROUND) as { id: number };
  db.close();
  const expired = new Date(Date.now() - 86_400_000);
  await meanwhile("ProxyAuthorisation", proxy.id, { expiresAt: stored(expired) }, async () => {
    const page = await phone(browser, "daili");
    await page.goto(`/rounds/${ROUND}/participate`);
    await expect(page.getByText(/的委托已于\d{4}.*到期，不能再代业主评分/)).toBeVisible();
    await expect(page.getByText(/您的账号以住户（非业主）身份绑定这一户/)).toHaveCount(0);
    await expect(page.getByRole("button", { name: /提交评分|修改评分/ })).toHaveCount(0);
  });
});

test("an owner of two flats that are one head sees one ballot naming both flats", async ({
  browser,
}) => {
  const page = await phone(browser, "yezhu");
  await page.goto(`/rounds/${ROUND}/participate`);
  await expect(page.getByRole("form", { name: "方案评分" })).toHaveCount(1);
  await expect(
    page.getByText("这张选票代表 2 套房屋：5号楼1单元301、5号楼1单元302（同一业主，依法按一人计）"),
  ).toBeVisible();
  await expect(page.getByText(/5号楼1单元301 与这一套同属一户业主，共用一张选票/)).toBeVisible();
});

test("an owner of two flats that are two heads sees two ballots, each labelled with its flat", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const flats = untouchedFlats(2);
  const { baseURL } = test.info().project.use;
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled: js(),
    viewport: PHONE,
    locale: "zh-CN",
  });
  const page = await context.newPage();
  await page.goto(`/join?code=${flats[0].code}`);
  await page.getByLabel("用户名").fill(`两户${js() ? "j" : "n"}${flats[0].id}`);
  await page.getByLabel("称呼").fill("两户业主");
  await page.getByLabel("密码", { exact: true }).fill("neighbour-pass");
  await page
    .getByLabel("业主第一步：产权证号或身份证号后4位")
    .fill(ownerFactorOf("乐园小区", flats[0].address));
  await page.getByRole("button", { name: "注册并绑定" }).click();
  await expect(page).toHaveURL(/\/me/);
  await confirmOwnerCode(page, flats[0].address);
  // the second flat's letter, signed in: bound as its owner too
  await page.goto(`/join?code=${flats[1].code}`);
  await page
    .getByLabel(/产权证号或身份证号后4位/)
    .fill(ownerFactorOf("乐园小区", flats[1].address));
  await page.getByRole("button", { name: "绑定" }).click();
  await expect(page).toHaveURL(/\/me/);
  await confirmOwnerCode(page, flats[1].address);

  await page.goto(`/rounds/${ROUND}/participate`);
  await expect(
    page.getByText("您在本轮有 2 张选票：每一户业主一张，各自提交，互不替换。"),
  ).toBeVisible();
  await expect(page.getByRole("form", { name: "方案评分" })).toHaveCount(2);
  for (const f of flats)
    await expect(
      page
        .getByRole("region", { name: new RegExp(`^${f.address}`) })
        .getByText(`这张选票代表：${f.address}`),
    ).toBeVisible();
});

test("ballot stars are at least 44×44 px, and 60×60 in 大字版", async ({ browser }) => {
  const page = await phone(browser, "yezhu");
  await page.goto(`/rounds/${ROUND}/participate`);
  const boxes = async () => {
    const stars = page
      .getByRole("form", { name: "方案评分" })
      .getByRole("group", { name: /为方案 A / })
      .getByRole("radio");
    const out = [];
    for (let n = 1; n <= 5; n++) {
      // the target is the label that holds the radio
      const box = await stars
        .nth(n - 1)
        .locator("xpath=ancestor::label[1]")
        .boundingBox();
      out.push(box!);
    }
    return out;
  };
  for (const b of await boxes()) {
    expect(b.width).toBeGreaterThanOrEqual(44);
    expect(b.height).toBeGreaterThanOrEqual(44);
  }
  await page.getByRole("banner").getByRole("button", { name: "大字版" }).click();
  await expect(page.getByRole("banner").getByRole("button", { name: "大字版" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  for (const b of await boxes()) {
    expect(b.width).toBeGreaterThanOrEqual(60);
    expect(b.height).toBeGreaterThanOrEqual(60);
  }
  await page.getByRole("banner").getByRole("button", { name: "大字版" }).click();
});

test("a tenant is not shown the privacy notice meant for those who score", async ({ browser }) => {
  const tenant = await phone(browser, "zuhu");
  await tenant.goto(`/rounds/${ROUND}/participate`);
  await expect(tenant.getByText(/您以住户（非业主）身份参与这一户/)).toBeVisible();
  await expect(tenant.getByText(/请在评分前知悉/)).toHaveCount(0);
  const owner = await phone(browser, "yezhu");
  await owner.goto(`/rounds/${ROUND}/participate`);
  await expect(owner.getByText(/请在评分前知悉/)).toBeVisible();
});

/** A speechSynthesis that records what it is given, with a zh-CN voice or none. */
async function stubSpeech(page: Page, voices: string[]) {
  await page.addInitScript((langs) => {
    const spoken: { text: string; lang: string }[] = [];
    (window as unknown as { spoken: typeof spoken }).spoken = spoken;
    class Utterance {
      text: string;
      lang = "";
      voice: unknown = null;
      onend: (() => void) | null = null;
      onerror: (() => void) | null = null;
      constructor(text: string) {
        this.text = text;
      }
    }
    Object.defineProperty(window, "SpeechSynthesisUtterance", {
      value: Utterance,
      configurable: true,
    });
    Object.defineProperty(window, "speechSynthesis", {
      configurable: true,
      value: {
        getVoices: () => langs.map((lang) => ({ lang, name: `stub ${lang}` })),
        speak: (u: Utterance) => spoken.push({ text: u.text, lang: u.lang }),
        cancel: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
      },
    });
  }, voices);
}

const spoken = (page: Page) =>
  page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);

test("读给我听 reads the ballot's, the option's and the notice's plain summary with a zh-CN voice", async ({
  browser,
}) => {
  const page = await phone(browser, "yezhu");
  await stubSpeech(page, ["en-US", "zh-CN"]);
  await page.goto(`/rounds/${ROUND}/participate`);
  const read = page.getByRole("button", { name: "读给我听" });
  if (!js()) {
    // without JavaScript nothing could speak: no button
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(read).toHaveCount(0);
    return;
  }
  await read.click();
  const [ballot] = await spoken(page);
  expect(ballot.lang).toBe("zh-CN");
  expect(ballot.text).toContain("本轮要决定：乐园小区快递柜与充电桩补充改造。");
  expect(ballot.text).toMatch(/方案 A：.*总价 [\d.]+ 元，(您家需出资 [\d.]+ 元|居民不需出资)。/);
  expect(ballot.text).toMatch(/方案 B：/);
  expect(ballot.text).toMatch(/请在 \d{4}.* 之前为每个方案打分。/);

  await page.getByRole("link", { name: /^A · / }).first().click();
  await page.getByRole("button", { name: "读给我听" }).click();
  const option = (await spoken(page)).at(-1)!;
  expect(option.text).toMatch(/方案 A：.*总价 [\d.]+ 元/);
  expect(option.text).toMatch(/请在 \d{4}.* 之前为每个方案打分。/);

  await page.goto("/rounds/5/notice");
  await page.getByRole("button", { name: "读给我听" }).click();
  const notice = (await spoken(page)).at(-1)!;
  expect(notice.text).toMatch(/^本轮要决定：.*评议结果：/);

  // a device without a Chinese voice is not offered the button
  const other = await phone(browser, "yezhu");
  await stubSpeech(other, ["en-US"]);
  await other.goto(`/rounds/${ROUND}/participate`);
  await expect(other.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(other.getByRole("button", { name: "读给我听" })).toHaveCount(0);
});

type Flat = { id: number; address: string; code: string };

/** Flats of 8号楼, each with its own sole owner of record, unbound and not voted for. */
function untouchedFlats(n: number): Flat[] {
  const db = e2eDb();
  const rows = db
    .prepare(
      `SELECT h.id, b.name || u.name || h.room AS address, c.code FROM "Household" h
         JOIN "Unit" u ON u.id = h.unitId JOIN "Building" b ON b.id = u.buildingId
         JOIN "HouseholdCode" c ON c.householdId = h.id AND c.usedAt IS NULL AND c.revokedAt IS NULL
       WHERE b.compoundId = 1 AND b.name = '8号楼'
         AND NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m.householdId = h.id)
         AND NOT EXISTS (SELECT 1 FROM "Ballot" x WHERE x.roundId = ? AND x.householdId = h.id)
         AND (SELECT count(*) FROM "Ownership" s WHERE s.householdId = h.id) = 1
         AND NOT EXISTS (SELECT 1 FROM "Ownership" s JOIN "Ownership" t
                         ON t.ownerId = s.ownerId AND t.householdId <> s.householdId
                         WHERE s.householdId = h.id)
       ORDER BY h.id DESC LIMIT ?`,
    )
    .all(ROUND, n) as Flat[];
  db.close();
  return rows;
}
