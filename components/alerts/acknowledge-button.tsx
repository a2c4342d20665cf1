"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";

/**
 * Acknowledge one alert. Shown only to holders of alert.acknowledge (the page passes `canAcknowledge`
 * down); the procedure checks the permission again. Refreshes every alert and incident view on success,
 * since the alert's incident timeline records the acknowledgement.
 */
export function AcknowledgeButton({ id, size = "md", variant = "primary" }: { id: number; size?: "sm" | "md"; variant?: "primary" | "secondary" }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ack = useMutation(
    trpc.alert.acknowledge.mutationOptions({
      onSuccess: async () => {
        toast({ tone: "success", text: t("alerts.list.acknowledged", { id }) });
        await Promise.all([queryClient.invalidateQueries(trpc.alert.pathFilter()), queryClient.invalidateQueries(trpc.incident.pathFilter())]);
      },
      onError: (e) => toast({ tone: "error", text: t("alerts.list.ackFailed", { message: e.message }) }),
    }),
  );
  return (
    <Button size={size} variant={variant} disabled={ack.isPending} aria-label={t("alerts.list.acknowledgeAlert", { id })} onClick={() => ack.mutate({ id })}>
      {t("alerts.list.acknowledge")}
    </Button>
  );
}
