import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { OutgoingMessage, Transport, Transports } from "~/models/outbox.server";
import { messageText, translatorFor } from "./messages.server";
import { DATA_DIR } from "~/lib/secrets.server";

// The channels behind one interface: a transport takes one message and resolves once the
// provider accepted it, or throws (the outbox retries). In-app needs none: writing is delivering.

const BASE_URL = () => process.env.PUBLIC_URL ?? "http://localhost:3000";

function plainText(m: OutgoingMessage) {
  const { subject, body } = messageText(m);
  return { subject, text: `${body}\n\n${new URL(m.link, BASE_URL()).href}` };
}

/** Email through SMTP at `url` (smtp://host:port or smtps://user:pass@host:port). */
export function emailTransport(url: string, from: string): Transport {
  const mailer = nodemailer.createTransport(url);
  return async (m) => {
    const { subject, text } = plainText(m);
    await mailer.sendMail({
      from,
      to: m.address,
      subject,
      text,
      // the same id on a resend lets mail clients fold a duplicate into one message
      messageId: `<notification-${m.id}@${new URL(BASE_URL()).hostname}>`,
    });
  };
}

/** An SMS gateway: what a provider's client implements. */
export interface SmsGateway {
  send(to: string, text: string): Promise<void>;
}

/** Writes each SMS as a JSON line to a file instead of a provider (until one is contracted). */
export class LoggingSmsGateway implements SmsGateway {
  constructor(private readonly file = path.join(DATA_DIR, "sms.log")) {}
  async send(to: string, text: string) {
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, JSON.stringify({ at: new Date().toISOString(), to, text }) + "\n");
  }
}

export function smsTransport(gateway: SmsGateway): Transport {
  return async (m) => {
    const { subject, text } = plainText(m);
    await gateway.send(m.address, `${subject} ${text}`);
  };
}

/** What this server is configured to send: email when SMTP_URL is set, SMS through the gateway. */
export function configuredTransports(env = process.env): Transports {
  return {
    ...(env.SMTP_URL && {
      email: emailTransport(env.SMTP_URL, env.MAIL_FROM ?? "点菜 Diancai <noreply@localhost>"),
    }),
    ...(env.SMS_GATEWAY !== "off" && { sms: smsTransport(new LoggingSmsGateway(env.SMS_LOG)) }),
  };
}

/** One SMS through the gateway now, not through the outbox (a code for the person at the form). */
export function sendSmsNow(to: string, text: string, env = process.env) {
  return new LoggingSmsGateway(env.SMS_LOG).send(to, text);
}

/**
 * The code that makes an account a flat's owner, to the owner's phone from the register: the
 * message says what it is for, so an owner who asked for nothing knows someone is trying.
 */
export function sendOwnerCode(phone: string, code: string, address: string, locale: string) {
  return sendSmsNow(phone, translatorFor(locale)("owner_step.sms_text", { code, address }));
}

/**
 * Send the link (email) or code (SMS) that confirms a contact, straight away rather than through
 * the outbox: it is meant for the person at the form now, and only its hash is kept. Email goes
 * through SMTP when SMTP_URL is set, otherwise to data/mail.log (development); SMS through the gateway.
 */
export async function sendContactCode(
  channel: "email" | "sms",
  address: string,
  secret: string,
  locale: string,
  env = process.env,
) {
  const t = translatorFor(locale);
  if (channel === "sms") {
    await sendSmsNow(address, t("inbox.verify_sms_text", { code: secret }), env);
    return;
  }
  const link = new URL(`/inbox?confirm=${encodeURIComponent(secret)}`, BASE_URL()).href;
  const subject = t("inbox.verify_email_subject");
  const text = t("inbox.verify_email_text", { link });
  if (env.SMTP_URL) {
    await nodemailer.createTransport(env.SMTP_URL).sendMail({
      from: env.MAIL_FROM ?? "点菜 Diancai <noreply@localhost>",
      to: address,
      subject,
      text,
    });
    return;
  }
  const file = env.MAIL_LOG ?? path.join(DATA_DIR, "mail.log");
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(
    file,
    JSON.stringify({ at: new Date().toISOString(), to: address, subject, text }) + "\n",
  );
}
