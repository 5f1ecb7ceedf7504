import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { expectAccessible, signedIn } from "./helpers";

// A resident's new mobile number and email address are confirmed before any reminder goes to
// them: a code by SMS (the logging gateway writes it to data/sms.log), a link by email (without
// SMTP_URL the server writes it to data/mail.log). With and without JavaScript; each project
// uses its own household so the two never share a code.

const logged = (file: string, to: string) => {
  const lines = readFileSync(path.join(process.env.E2E_DIR!, "data", file), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { to: string; text: string })
    .filter((l) => l.to === to);
  return lines[lines.length - 1]?.text ?? "";
};

test("a new mobile number is confirmed by the code sent to it, an email address by its link", async ({
  browser,
}) => {
  const js = test.info().project.use.javaScriptEnabled !== false;
  const resident = await signedIn(browser, js ? "jumin2" : "jumin3");
  const number = js ? "13900139002" : "13900139003";
  const email = js ? "jumin2@example.cn" : "jumin3@example.cn";
  await resident.goto("/inbox");
  const card = resident.getByRole("article").first();

  await card.getByLabel("手机号码").fill(number);
  await card.getByLabel("用短信通知我家").check();
  await card.getByRole("button", { name: "保存短信设置" }).click();
  await expect(resident.getByRole("status")).toHaveText(/验证码已发送到该号码/);
  await expect(resident.getByText(/^尚未确认：请输入短信中的验证码/)).toBeVisible();
  await expectAccessible(resident);
  const code = /(\d{6})/.exec(logged("sms.log", number))![1];

  await card.getByLabel("短信验证码").fill(code === "000000" ? "111111" : "000000");
  await card.getByRole("button", { name: "确认号码" }).click();
  await expect(resident.getByText("验证码不正确，请核对短信后重试。")).toBeVisible();
  await resident.getByRole("article").first().getByLabel("短信验证码").fill(code);
  await resident.getByRole("article").first().getByRole("button", { name: "确认号码" }).click();
  await expect(resident.getByRole("status")).toHaveText("已确认：今后的提醒将发送到此地址。");
  await expect(
    resident.getByRole("article").first().getByText("已确认", { exact: true }),
  ).toBeVisible();

  const again = resident.getByRole("article").first();
  await again.getByLabel("电子邮箱").fill(email);
  await again.getByLabel("用电子邮件通知我家").check();
  await again.getByRole("button", { name: "保存电子邮件设置" }).click();
  await expect(resident.getByRole("status")).toHaveText(/确认链接已发送到该邮箱/);
  const link = /(http\S+)/.exec(logged("mail.log", email))![1];
  const url = new URL(link);
  await resident.goto(url.pathname + url.search);
  await expect(resident.getByRole("heading", { name: "确认您的电子邮箱" })).toBeVisible();
  await resident.getByRole("button", { name: "确认邮箱" }).click();
  await expect(resident.getByRole("status")).toHaveText("已确认：今后的提醒将发送到此地址。");
  await expect(resident.getByText(/^尚未确认/)).toHaveCount(0);
});
