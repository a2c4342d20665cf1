"use client";

import { Tooltip as TooltipPrimitive } from "radix-ui";
import type { ComponentProps, ReactNode } from "react";
import { cx } from "./cx";

// Radix Tooltip: shown on hover and on keyboard focus, hidden on Escape, described by aria-describedby.
// Each tooltip brings its own provider, so no page or layout has to remember to mount one.
export function Tooltip({
  content,
  children,
  side = "top",
  className,
}: {
  content: ReactNode;
  /** One focusable element (a button, a link, or a span with tabIndex={0}). */
  children: ReactNode;
  side?: ComponentProps<typeof TooltipPrimitive.Content>["side"];
  className?: string;
}) {
  return (
    <TooltipPrimitive.Provider delayDuration={300}>
      <TooltipPrimitive.Root>
        <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
        <TooltipPrimitive.Portal>
          <TooltipPrimitive.Content
            side={side}
            sideOffset={4}
            collisionPadding={8}
            className={cx(
              "z-50 max-w-md rounded-md bg-slate-900 px-2.5 py-1.5 text-xs break-all whitespace-pre-wrap text-white shadow-lg",
              "motion-safe:data-[state=closed]:animate-ui-fade-out motion-safe:data-[state=delayed-open]:animate-ui-fade-in",
              className,
            )}
          >
            {content}
            <TooltipPrimitive.Arrow className="fill-slate-900" />
          </TooltipPrimitive.Content>
        </TooltipPrimitive.Portal>
      </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}

/**
 * Text cut to one line with an ellipsis; the whole text is a tooltip away, by mouse or by keyboard
 * (the cell is focusable for that reason). Screen readers get the whole text in the cell itself.
 */
export function TruncatedText({ text, className }: { text: string; className?: string }) {
  return (
    <Tooltip content={text}>
      <span tabIndex={0} className={cx("block truncate rounded-sm focus-visible:outline-2 focus-visible:outline-indigo-600", className)}>
        {text}
      </span>
    </Tooltip>
  );
}
