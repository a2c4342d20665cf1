"use client";

import { Tabs as TabsPrimitive } from "radix-ui";
import type { ComponentProps } from "react";
import { cx } from "./cx";

// Radix Tabs: tablist/tab/tabpanel wiring, roving focus with the arrow keys, Home/End.
export const Tabs = TabsPrimitive.Root;

export function TabsList({ className, ...props }: ComponentProps<typeof TabsPrimitive.List>) {
  return <TabsPrimitive.List {...props} className={cx("flex gap-1", className)} />;
}

export function TabsTrigger({ className, ...props }: ComponentProps<typeof TabsPrimitive.Trigger>) {
  return (
    <TabsPrimitive.Trigger
      {...props}
      className={cx(
        "-mb-px border-b-2 border-transparent px-3 py-2.5 text-sm text-slate-600 hover:text-slate-900",
        "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600",
        "data-[state=active]:border-indigo-600 data-[state=active]:font-medium data-[state=active]:text-indigo-700",
        className,
      )}
    />
  );
}

export function TabsContent({ className, ...props }: ComponentProps<typeof TabsPrimitive.Content>) {
  return <TabsPrimitive.Content {...props} className={cx("focus-visible:outline-2 focus-visible:outline-indigo-600", className)} />;
}
