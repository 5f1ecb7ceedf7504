// A Conform resolver (parse(formData, { resolve })) for forms whose browser-side check is only
// "required, at most N characters once trimmed": the messages requiredText's zod schema gives
// (utils/conform), without zod in the page's JavaScript. The server still parses with the schema.

type Resolved<V> = { value?: V; error?: Record<string, string[]> };

/** `V`: the form's values as the browser sends them (strings), handed on when nothing is wrong. */
export function requiredTexts<V = Record<string, unknown>>(limits: Record<string, number>) {
  return (payload: Record<string, unknown>): Resolved<V> => {
    const error: Record<string, string[]> = {};
    for (const [name, max] of Object.entries(limits)) {
      const v = payload[name];
      const text = typeof v === "string" ? v.trim() : "";
      if (!text) error[name] = ["errors.required"];
      else if (text.length > max) error[name] = ["errors.too_long"];
    }
    return Object.keys(error).length ? { error } : { value: payload as V };
  };
}
