import { expect, test } from "@playwright/test";
import { expectAccessible, signedIn } from "./helpers";

// A community worker prints the door-to-door list of a round in tasting, visits a household that
// has not voted, takes its paper ballot, and the board moves towards the quorum line.
// Demo data: round 2 (乐园小区快递柜与充电桩补充改造) is tasting, with about half the households voted.

test("door-to-door: print the list, take a paper ballot on a visit, the board moves", async ({
  browser,
}) => {
  // prints a PDF and runs axe over the door list before it acts: 65 s in all on a loaded machine
  test.slow();
  const worker = await signedIn(browser, "shequ");
  await worker.goto("/rounds/2");
  await worker.getByRole("link", { name: "参与情况与扫楼清单" }).click();
  await expect(worker.getByRole("heading", { level: 1 })).toContainText("扫楼清单");
  await expectAccessible(worker);

  const households = worker.getByRole("meter", { name: /^人数/ });
  const before = Number(await households.getAttribute("value"));
  const list = worker.getByRole("table", { name: "按楼栋、单元、楼层排列" });
  const first = list.getByRole("row").nth(1);
  const address = (await first.getByRole("rowheader").textContent())!;

  if (test.info().project.use.javaScriptEnabled !== false) {
    await worker.emulateMedia({ media: "print" });
    const pdf = await worker.pdf({ format: "A4" });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    await worker.emulateMedia({ media: "screen" });
  }

  // the visit: a paper ballot taken at the door
  await worker.getByLabel(`${address} 走访结果`).selectOption({ label: "已收纸质选票" });
  await worker.getByLabel(`${address} 备注`).fill("老人在家，代为填写");
  await worker.getByRole("button", { name: `保存 ${address} 的走访结果` }).click();
  await expect(worker.getByRole("status")).toHaveText("走访结果已记录。");
  await expect(list.getByRole("row", { name: new RegExp(address) })).toContainText("已收纸质选票");

  // from the list straight to the paper ballot form, the household already chosen
  await worker.getByRole("link", { name: `录入 ${address} 的纸质选票` }).click();
  await expect(
    worker.getByLabel("住户").getByRole("option", { name: address, selected: true }),
  ).toHaveCount(1);
  await worker
    .getByLabel(/的评分$/)
    .first()
    .selectOption({ label: "4星" });
  await worker.getByLabel("纸质表编号").fill(`D-${test.info().project.name}`);
  await worker.getByLabel("见证人").fill("楼长 李**");
  await worker.getByRole("button", { name: "录入" }).click();
  await expect(worker.getByRole("status")).toHaveText("纸质选票已录入。");

  await worker.goto("/rounds/2/doors");
  await expect(worker.getByRole("meter", { name: /^人数/ })).toHaveAttribute(
    "value",
    String(before + 1),
  );
  await expect(
    worker
      .getByRole("table", { name: "按楼栋、单元、楼层排列" })
      .getByRole("rowheader", { name: address, exact: true }),
  ).toHaveCount(0);

  // the list never reaches the public
  const anonymous = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const res = await anonymous.request.get("/rounds/2/doors.csv", { maxRedirects: 0 });
  expect(res.status()).toBe(302);
  await anonymous.close();
});

test("the street office's board moves by itself as a paper ballot arrives", async ({ browser }) => {
  test.skip(
    test.info().project.use.javaScriptEnabled === false,
    "without JavaScript the board moves on reload, which the test above shows",
  );
  const office = await signedIn(browser, "jiedao");
  await office.clock.install();
  await office.goto("/rounds/2/manage");
  const meter = office.getByRole("meter", { name: /^人数/ });
  const before = Number(await meter.getAttribute("value"));

  const worker = await signedIn(browser, "shequ");
  await worker.goto("/rounds/2/doors");
  const address = (await worker
    .getByRole("table", { name: "按楼栋、单元、楼层排列" })
    .getByRole("row")
    .nth(1)
    .getByRole("rowheader")
    .textContent())!;
  await worker.goto("/rounds/2/work");
  await worker.getByLabel("住户").selectOption({ label: address });
  await worker
    .getByLabel(/的评分$/)
    .first()
    .selectOption({ label: "3星" });
  await worker.getByLabel("纸质表编号").fill("LIVE-1");
  await worker.getByLabel("见证人").fill("楼长 李**");
  await worker.getByRole("button", { name: "录入" }).click();
  await expect(worker.getByRole("status")).toHaveText("纸质选票已录入。");

  await expect(meter).toHaveAttribute("value", String(before));
  await office.clock.fastForward(31_000);
  await expect(meter).toHaveAttribute("value", String(before + 1));
});
