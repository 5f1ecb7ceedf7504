import { expect, test } from "@playwright/test";
import { signedIn } from "./helpers";

// The need and objection forms check what was typed in the browser without Conform's runtime
// (utils/text-form.ts): an empty or too long field is refused beside it before anything is sent,
// and the error goes once the field is put right. Without JavaScript the server says the same.
// Nothing is published here: the round's needs stay as the demo made them.

test("a need with empty fields is refused beside each field, and an error goes once it is typed", async ({
  browser,
}) => {
  const js = test.info().project.name === "javascript";
  const page = await signedIn(browser, "jumin3");
  await page.goto("/rounds/9/participate");
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(r.url());
  });
  // with JavaScript, React has taken the form over (hydrated) before it is used
  if (js)
    await page.waitForFunction(() =>
      Object.keys(document.querySelector("form[id^=propose-]") ?? {}).some((k) =>
        k.startsWith("__reactProps"),
      ),
    );
  const title = page.getByLabel("需求标题");
  const description = page.getByLabel("具体说明");
  await page.getByRole("button", { name: "下一步：核对并查看相似需求" }).click();
  const fieldErrors = page.locator(".field-error");
  await expect(fieldErrors).toHaveText(["此项必填。", "此项必填。"]);
  await expect(title).toHaveAttribute("aria-invalid", "true");
  await expect(description).toHaveAttribute("aria-invalid", "true");
  if (js) {
    // the browser refused it: no request, the first field to put right has the focus
    expect(posts).toEqual([]);
    await expect(title).toBeFocused();
    await title.fill("扶".repeat(81));
    await expect(fieldErrors).toHaveText(["内容太长。", "此项必填。"]);
    await title.fill("楼道加装扶手");
    await expect(fieldErrors).toHaveText(["此项必填。"]);
    await expect(title).not.toHaveAttribute("aria-invalid", "true");
    expect(posts).toEqual([]);
  }
  // a too long title and a description: refused by whoever checks first, what was typed kept
  await title.fill("扶".repeat(81));
  await description.fill("老人上下楼没有扶手。");
  await page.getByRole("button", { name: "下一步：核对并查看相似需求" }).click();
  await expect(fieldErrors).toHaveText(["内容太长。"]);
  await expect(title).toHaveValue("扶".repeat(81));
  await expect(description).toHaveValue("老人上下楼没有扶手。");
  await expect(page.getByText(/条相似的需求|没有找到相似的需求/)).toHaveCount(0);
  await page.context().close();
});
