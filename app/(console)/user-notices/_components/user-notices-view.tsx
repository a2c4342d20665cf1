"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { PageHeader } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { DeliveryLog } from "./delivery-log";
import { OptOutsPanel } from "./opt-outs-panel";
import { SettingsPanel } from "./settings-panel";
import { TemplatesEditor } from "./templates-editor";

export function UserNoticesView({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t("userNotices.title")} subtitle={t("userNotices.subtitle")} />
      <Tabs defaultValue="log">
        <TabsList className="mb-4 border-b border-slate-200" aria-label={t("userNotices.title")}>
          <TabsTrigger value="log">{t("userNotices.tabs.log")}</TabsTrigger>
          <TabsTrigger value="templates">{t("userNotices.tabs.templates")}</TabsTrigger>
          <TabsTrigger value="settings">{t("userNotices.tabs.settings")}</TabsTrigger>
          <TabsTrigger value="optOuts">{t("userNotices.tabs.optOuts")}</TabsTrigger>
        </TabsList>
        <TabsContent value="log">
          <DeliveryLog />
        </TabsContent>
        <TabsContent value="templates">
          <TemplatesEditor canManage={canManage} />
        </TabsContent>
        <TabsContent value="settings">
          <SettingsPanel canManage={canManage} />
        </TabsContent>
        <TabsContent value="optOuts">
          <OptOutsPanel canManage={canManage} />
        </TabsContent>
      </Tabs>
    </>
  );
}
