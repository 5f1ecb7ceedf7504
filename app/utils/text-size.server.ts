import { createCookie } from "react-router";

// 大字版: larger text and tap targets for older eyes, chosen once and remembered for a year.
export const textSizeCookie = createCookie("text", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export async function largeTextOf(request: Request): Promise<boolean> {
  return (await textSizeCookie.parse(request.headers.get("Cookie"))) === "large";
}
