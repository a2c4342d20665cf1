"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { providerParam, type Provider } from "@/lib/enums";

/**
 * The list's provider filter from the URL (?provider=, as the KPI dashboard's drill-down passes it), and a
 * setter that rewrites only that parameter (the window, the tab and the rest stay). Lives in the URL like the
 * time window, so the server page prefetches the same filtered page the view asks for.
 */
export function useListProvider(): { provider: Provider | ""; setProvider: (next: Provider | "") => void } {
  const search = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const provider = providerParam(search?.get("provider"));
  const setProvider = useCallback(
    (next: Provider | "") => {
      const params = new URLSearchParams(search?.toString() ?? "");
      if (next) params.set("provider", next);
      else params.delete("provider");
      const query = params.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [search, pathname, router],
  );
  return { provider, setProvider };
}
