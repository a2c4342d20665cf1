"use client";

import { Popover as PopoverPrimitive } from "radix-ui";
import type { ComponentProps } from "react";
import { cx } from "./cx";

// Radix Popover: non-modal dialog anchored to its trigger; Escape or a click outside closes it and focus
// goes back to the trigger.
export const Popover = PopoverPrimitive.Root;
export const PopoverTrigger = PopoverPrimitive.Trigger;
export const PopoverClose = PopoverPrimitive.Close;

export function PopoverContent({ className, sideOffset = 4, align = "end", ...props }: ComponentProps<typeof PopoverPrimitive.Content>) {
  return (
    <PopoverPrimitive.Portal>
      <PopoverPrimitive.Content
        sideOffset={sideOffset}
        align={align}
        collisionPadding={8}
        {...props}
        className={cx(
          "z-50 w-80 rounded-md bg-white p-3 text-sm text-slate-700 shadow-lg ring-1 ring-slate-200",
          "focus-visible:outline-2 focus-visible:outline-indigo-600",
          "motion-safe:data-[state=closed]:animate-ui-out motion-safe:data-[state=open]:animate-ui-in",
          className,
        )}
      />
    </PopoverPrimitive.Portal>
  );
}
