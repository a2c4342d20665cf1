"use client";

import { DropdownMenu as MenuPrimitive } from "radix-ui";
import type { ComponentProps } from "react";
import { cx } from "./cx";

// Radix DropdownMenu: role=menu, arrow keys and typeahead between items, Enter/Space/ArrowDown open it,
// Escape closes it and focus goes back to the trigger.
export const DropdownMenu = MenuPrimitive.Root;
export const DropdownMenuTrigger = MenuPrimitive.Trigger;
export const DropdownMenuGroup = MenuPrimitive.Group;

export function DropdownMenuContent({ className, sideOffset = 4, align = "end", ...props }: ComponentProps<typeof MenuPrimitive.Content>) {
  return (
    <MenuPrimitive.Portal>
      <MenuPrimitive.Content
        sideOffset={sideOffset}
        align={align}
        {...props}
        className={cx(
          "z-50 min-w-48 rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200",
          "motion-safe:data-[state=closed]:animate-ui-out motion-safe:data-[state=open]:animate-ui-in",
          className,
        )}
      />
    </MenuPrimitive.Portal>
  );
}

export function DropdownMenuItem({ className, ...props }: ComponentProps<typeof MenuPrimitive.Item>) {
  return (
    <MenuPrimitive.Item
      {...props}
      className={cx(
        "flex cursor-default items-center gap-2 px-3 py-1.5 text-slate-700 outline-none select-none",
        "data-[highlighted]:bg-indigo-50 data-[highlighted]:text-indigo-800 data-[disabled]:pointer-events-none data-[disabled]:text-slate-400",
        className,
      )}
    />
  );
}

export function DropdownMenuLabel({ className, ...props }: ComponentProps<typeof MenuPrimitive.Label>) {
  return <MenuPrimitive.Label {...props} className={cx("px-3 py-1.5 text-xs text-slate-600", className)} />;
}

export function DropdownMenuSeparator({ className, ...props }: ComponentProps<typeof MenuPrimitive.Separator>) {
  return <MenuPrimitive.Separator {...props} className={cx("my-1 h-px bg-slate-100", className)} />;
}
