import { useEffect } from "react";
import { useRevalidator } from "react-router";

/**
 * With JavaScript, reload the page's data every `seconds` while the tab is visible and no form
 * field has focus, so participation figures move as ballots arrive. Without it, a reload does.
 */
export function useLiveRefresh(seconds = 30) {
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      const typing = document.activeElement?.matches("input, select, textarea");
      if (document.visibilityState === "visible" && !typing && revalidator.state === "idle")
        void revalidator.revalidate();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [revalidator, seconds]);
}
