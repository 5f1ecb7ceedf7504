import { createHmac, timingSafeEqual } from "node:crypto";
import { createCookie, type Cookie, type CookieOptions } from "react-router";

// React Router's signed cookie, read and signed with a synchronous HMAC (node:crypto). Its own
// parse and serialize sign through WebCrypto, an asynchronous job per cookie, and every request
// reads two signed cookies (the session token and the CSRF token), every accepted ballot writes
// one (its flash message): on the ballot path that was a tenth of the server's CPU, and the write
// still 6 % on PostgreSQL (docs/decisions/046). The header is written by React Router's unsigned
// twin of the cookie, so its format and attributes are React Router's by construction: base64
// of the JSON value, ".", the unpadded base64 HMAC-SHA256 of that under the first secret,
// percent-encoded in the header; the signature is inserted after the value.

export function signedCookie(name: string, options: CookieOptions & { secrets: string[] }): Cookie {
  const cookie = createCookie(name, options);
  const { secrets, ...unsignedOptions } = options;
  const unsigned = createCookie(name, unsignedOptions);
  return {
    get name() {
      return cookie.name;
    },
    get isSigned() {
      return cookie.isSigned;
    },
    get expires() {
      return cookie.expires;
    },
    serialize: async (value, serializeOptions) => {
      const header = await unsigned.serialize(value, serializeOptions);
      // an empty value is written unsigned by React Router too
      if (value === "" || secrets.length === 0) return header;
      const end = header.indexOf(";");
      const pair = end < 0 ? header : header.slice(0, end);
      const encoded = decodeURIComponent(pair.slice(pair.indexOf("=") + 1));
      return `${pair}.${encodeURIComponent(signature(encoded, secrets[0]))}${end < 0 ? "" : header.slice(end)}`;
    },
    // the same answers as React Router's parse: null when absent or not signed by any secret,
    // "" when empty, else the value
    parse: async (header) => {
      if (!header) return null;
      const raw = cookieValue(header, name);
      if (raw === null) return null;
      if (raw === "") return "";
      for (const secret of secrets) {
        const value = unsign(raw, secret);
        if (value !== null) return decode(value);
      }
      return null;
    },
  };
}

/** The first value of the named cookie in a Cookie header, percent-decoded, as the cookie library reads it. */
function cookieValue(header: string, name: string): string | null {
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length > 1)
      value = value.slice(1, -1);
    if (!value.includes("%")) return value;
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}

const signature = (value: string, secret: string) =>
  createHmac("sha256", secret).update(value).digest("base64").replace(/=+$/, "");

function unsign(signed: string, secret: string): string | null {
  const dot = signed.lastIndexOf(".");
  if (dot < 0) return null;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const expected = Buffer.from(signature(value, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : null;
}

/** React Router's decodeData: base64 of the UTF-8 JSON; anything unreadable is {}. */
function decode(value: string): unknown {
  try {
    return JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(value, "base64")),
    );
  } catch {
    return {};
  }
}
