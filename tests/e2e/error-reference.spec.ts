import { expect, test } from "@playwright/test";
import { signedIn } from "./helpers";

// A resident who meets an error page can quote its reference: the id of the request that the
// server's log lines carry (docs/operations.md, Logs). With JavaScript the page keeps the id the
// server rendered through hydration, and the language and words of an address no route matches
// (written into the document for the browser); without, it is in the page as sent.
test("an error page names its request, as the response header does", async ({ page }) => {
  const res = await page.goto("/no-such-page");
  expect(res!.status()).toBe(404);
  const id = await res!.headerValue("x-request-id");
  expect(id).toMatch(/^[0-9a-f]{12}$/);
  await page.waitForLoadState("networkidle");
  await expect(page.locator(`[data-request-id="${id}"]`)).toBeVisible();
  // in the reader's language, also once the browser has taken the page over (JavaScript on)
  await expect(page.getByRole("heading", { name: "找不到页面" })).toBeVisible();
  await expect(page.getByText(`请求编号：${id}（求助时请提供此编号）`)).toBeVisible();
  // the next error page is another request, with another id
  const again = await page.goto("/no-such-page");
  const next = await again!.headerValue("x-request-id");
  expect(next).not.toBe(id);
  await expect(page.locator(`[data-request-id="${next}"]`)).toBeVisible();
});

// An error page reached by a link in the browser (JavaScript on) is rendered there from the data
// request's answer; without JavaScript the same address is a new document. Either way it is in
// the reader's language and names the request the server answered it with.
for (const [what, username, to, title] of [
  ["a round that does not exist", "jumin", "/rounds/99999", "找不到页面"],
  ["a page the account may not see", "jumin", "/admin", "无权访问"],
] as const)
  test(`${what}: the error page reached from another page names its request`, async ({
    browser,
  }) => {
    const page = await signedIn(browser, username);
    const js = test.info().project.use.javaScriptEnabled !== false;
    await page.waitForLoadState("networkidle");
    // the answer that carried the error (with JavaScript a navigation may make two data requests)
    const answer = page.waitForResponse(
      (r) => new URL(r.url()).pathname.startsWith(to) && r.status() >= 400,
    );
    if (js)
      // a link's navigation, as the app's own links make it (react-router's router)
      await page.evaluate(
        (href) =>
          (
            window as unknown as { __reactRouterDataRouter: { navigate(to: string): unknown } }
          ).__reactRouterDataRouter.navigate(href),
        to,
      );
    else await page.goto(to);
    const res = await answer;
    if (js) expect(new URL(res.url()).pathname).toBe(`${to}.data`);
    const id = await res.headerValue("x-request-id");
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    await expect(page.getByRole("heading", { name: title })).toBeVisible();
    await expect(page.getByText(`请求编号：${id}（求助时请提供此编号）`)).toBeVisible();
    await page.context().close();
  });
