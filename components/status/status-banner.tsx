"use client";

import { useSyncExternalStore } from "react";
import { useI18n } from "@/components/i18n/i18n-provider";
import { BannerBox } from "./banner-box";
import type { PublicBanner } from "./types";

// Same key and value as the embeddable banner.js, so a notice dismissed on one PayOps page stays dismissed
// on the others (and on a same-origin host page).
const KEY = "payops-status-banner-dismissed";
const CHANGED = "payops-status-banner-dismissed";

const keyOf = (b: PublicBanner) => `${b.id}@${typeof b.updatedAt === "string" ? b.updatedAt : b.updatedAt.toISOString()}`;

function readDismissed(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null; // storage blocked: the banner simply shows again
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

/**
 * The public status banner inside PayOps's own pages (console and public layouts). The layout passes the
 * banner from the in-process status snapshot (bannerFor(locale)), so it is in the first paint with no
 * client fetch; the server render shows it, and the browser hides it if this notice version was dismissed.
 */
export function StatusBanner({ banner }: { banner: PublicBanner | null }) {
  const { t } = useI18n();
  const dismissed = useSyncExternalStore(subscribe, readDismissed, () => null);
  if (!banner || dismissed === keyOf(banner)) return null;
  const dismiss = () => {
    try {
      window.localStorage.setItem(KEY, keyOf(banner));
    } catch {
      // blocked storage: nothing to remember it in
    }
    window.dispatchEvent(new Event(CHANGED));
  };
  return (
    <BannerBox
      live
      severity={banner.severity}
      title={banner.title}
      body={banner.body}
      link={
        <a href={banner.url} className="ml-1.5 whitespace-nowrap text-indigo-800 underline">
          {t("notices.banner.details")}
        </a>
      }
      action={
        <button
          type="button"
          onClick={dismiss}
          aria-label={t("notices.banner.dismiss")}
          className="rounded px-1.5 text-lg leading-none text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          ×
        </button>
      }
    />
  );
}
