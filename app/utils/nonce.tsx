import { createContext, useContext } from "react";

// The per-request CSP nonce, given by server.mjs to the render; the browser hides it from scripts.
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
