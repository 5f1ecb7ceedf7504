import { expect, test } from "@playwright/test";

// A resident who meets an error page can quote its reference: the id of the request that the
// server's log lines carry (docs/operations.md, Logs). With JavaScript the page keeps the id the
// server rendered through hydration; without, it is in the page as sent.
test("an error page names its request, as the response header does", async ({ page }) => {
  const res = await page.goto("/no-such-page");
  expect(res!.status()).toBe(404);
  const id = await res!.headerValue("x-request-id");
  expect(id).toMatch(/^[0-9a-f]{12}$/);
  await page.waitForLoadState("networkidle");
  await expect(page.locator(`[data-request-id="${id}"]`)).toBeVisible();
  // Known gap, not this test's subject: after hydration an unmatched page's texts are the
  // dictionary's keys (the browser has no dictionary for it), so the words are checked without
  // JavaScript only.
  if (test.info().project.use.javaScriptEnabled === false)
    await expect(page.getByText(`请求编号：${id}（求助时请提供此编号）`)).toBeVisible();
  // the next error page is another request, with another id
  const again = await page.goto("/no-such-page");
  const next = await again!.headerValue("x-request-id");
  expect(next).not.toBe(id);
  await expect(page.locator(`[data-request-id="${next}"]`)).toBeVisible();
});
