import { useEffect, useState } from "react";

/**
 * A parameter of the page's URL (`?id=…`): undefined until the island has mounted (the page is a
 * prerendered shell, so the URL is only known in the browser), then its value or null.
 */
export function useQueryParameter(name: string): string | null | undefined {
  const [value, setValue] = useState<string | null | undefined>(undefined);
  useEffect(() => setValue(new URLSearchParams(window.location.search).get(name)), [name]);
  return value;
}
