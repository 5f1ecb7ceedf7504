import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { useNonce } from "~/utils/nonce";

/**
 * 读给我听: reads the page's plain summary aloud with the device's own speech engine (Web Speech
 * API), in the page's language. Offered only where the device has a voice for that language:
 * nothing is rendered on the server, without JavaScript, or without such a voice.
 */
export function ReadAloud({ text }: { text: string }) {
  const { t, i18n } = useTranslation();
  const [voice, setVoice] = useState<SpeechSynthesisVoice | null>(null);
  const [speaking, setSpeaking] = useState(false);
  const zh = i18n.language.toLowerCase().startsWith("zh");

  useEffect(() => {
    const synth = typeof window === "undefined" ? undefined : window.speechSynthesis;
    if (!synth || typeof window.SpeechSynthesisUtterance === "undefined") return;
    // zh-CN first (Mandarin as written on the page), then any voice of the language
    const pick = () => {
      const voices = synth.getVoices();
      const lang = (v: SpeechSynthesisVoice) => v.lang.toLowerCase().replace("_", "-");
      setVoice(
        voices.find((v) => lang(v) === (zh ? "zh-cn" : "en-us")) ??
          voices.find((v) => lang(v).startsWith(zh ? "zh" : "en")) ??
          null,
      );
    };
    pick();
    // voices often arrive after the page: the list is announced by this event
    synth.addEventListener?.("voiceschanged", pick);
    return () => {
      synth.removeEventListener?.("voiceschanged", pick);
      synth.cancel();
    };
  }, [zh]);

  if (!voice) return null;
  const synth = window.speechSynthesis;
  const toggle = () => {
    synth.cancel();
    if (speaking) return setSpeaking(false);
    const u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    u.onend = () => setSpeaking(false);
    u.onerror = () => setSpeaking(false);
    synth.speak(u);
    setSpeaking(true);
  };
  return (
    <p className="read-aloud">
      <button type="button" onClick={toggle} aria-pressed={speaking}>
        {t(speaking ? "read_aloud.stop" : "read_aloud.start")}
      </button>
    </p>
  );
}

/** An amount of money as it is read aloud: yuan with two decimals. */
export function spokenYuan(fen: number, t: TFunction) {
  return t("read_aloud.yuan", { amount: (fen / 100).toFixed(2) });
}

/**
 * 读给我听 on a page that ships no scripts (NO_SCRIPTS, the notice): rendered hidden with its text,
 * and shown by public/read-aloud.js where the device has a voice for the page's language.
 */
export function ReadAloudStatic({ text }: { text: string }) {
  const { t, i18n } = useTranslation();
  const nonce = useNonce();
  return (
    <>
      <p
        className="read-aloud screen-only"
        hidden
        data-read-aloud=""
        data-text={text}
        data-lang={i18n.language}
        data-start={t("read_aloud.start")}
        data-stop={t("read_aloud.stop")}
      >
        <button type="button" aria-pressed="false">
          {t("read_aloud.start")}
        </button>
      </p>
      <script src="/read-aloud.js" defer nonce={nonce} />
    </>
  );
}
