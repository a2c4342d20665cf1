"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import { useMemo, useState } from "react";
import { Field, inputClass } from "@/components/alerts/channels/form-field";
import { DataTable } from "@/components/data-table/data-table";
import { rowActionsColumn, useConfirmedAction, useRecordEditor } from "@/components/data-table/record-actions";
import { useI18n } from "@/components/i18n/i18n-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog, Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { CONTACT_ROLES, type ContactRole } from "@/lib/alerts";
import { LOCALES, type Locale } from "@/lib/i18n/locale";
import type { AppRouter } from "@/server/api/root";

type Contact = inferRouterOutputs<AppRouter>["alertChannel"]["contactList"][number];
type I18n = ReturnType<typeof useI18n>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function contactColumns({ t }: I18n, onEdit: (c: Contact) => void, onDelete: (c: Contact) => void): ColumnDef<Contact>[] {
  return [
    { id: "name", header: t("alertChannels.contacts.col.name"), meta: { className: "font-medium text-slate-900" }, cell: ({ row }) => row.original.name },
    { id: "role", header: t("alertChannels.contacts.col.role"), cell: ({ row }) => t(`alertChannels.contacts.role.${row.original.role}`) },
    { id: "locale", header: t("alertChannels.contacts.col.locale"), cell: ({ row }) => t(`alertChannels.contacts.locale.${row.original.locale}`) },
    { id: "phone", header: t("alertChannels.contacts.col.phone"), meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.phone ?? "—" },
    { id: "email", header: t("alertChannels.contacts.col.email"), meta: { className: "text-xs" }, cell: ({ row }) => row.original.email ?? "—" },
    { id: "escalation", header: t("alertChannels.contacts.col.escalation"), meta: { className: "tabular-nums" }, cell: ({ row }) => t("alertChannels.contacts.tier", { n: row.original.escalationOrder }) },
    { id: "enabled", header: t("alertChannels.contacts.col.enabled"), cell: ({ row }) => <Badge tone={row.original.enabled ? "green" : "gray"}>{t(row.original.enabled ? "common.yes" : "common.no")}</Badge> },
    rowActionsColumn(t("alertChannels.contacts.col.actions"), (c) => [
      { label: t("alertChannels.contacts.edit"), ariaLabel: `${t("alertChannels.contacts.edit")} ${c.name}`, onClick: () => onEdit(c) },
      { label: t("alertChannels.contacts.delete"), ariaLabel: `${t("alertChannels.contacts.delete")} ${c.name}`, onClick: () => onDelete(c), variant: "ghost" },
    ]),
  ];
}

export function ContactsPanel() {
  const i18n = useI18n();
  const { t } = i18n;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.alertChannel.contactList.queryOptions({}));
  const remove = useMutation(trpc.alertChannel.contactDelete.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alertChannel.contactList.queryKey() });
  const editor = useRecordEditor<Contact>({ refresh, savedText: t("alertChannels.contacts.saved") });
  const deletion = useConfirmedAction<Contact>({
    run: (c) => remove.mutateAsync({ id: c.id }),
    refresh,
    doneText: t("alertChannels.contacts.deleted"),
    failedText: (message) => t("alertChannels.contacts.failed", { message }),
  });
  const columns = useMemo(() => contactColumns(i18n, editor.open, deletion.ask), [i18n, editor.open, deletion.ask]);

  const sorted = list.data ? [...list.data].sort((a, b) => a.escalationOrder - b.escalationOrder || a.name.localeCompare(b.name)) : undefined;
  return (
    <Card
      title={t("alertChannels.contacts.title")}
      actions={
        <Button size="sm" variant="primary" onClick={() => editor.open("new")}>
          {t("alertChannels.contacts.new")}
        </Button>
      }
    >
      <p className="px-4 pt-2 text-xs text-slate-500">{t("alertChannels.contacts.escalationHint")}</p>
      <DataTable label={t("alertChannels.contacts.title")} query={list} rows={sorted} columns={columns} getRowId={(c) => String(c.id)} empty={{ title: t("alertChannels.contacts.empty") }} />
      {editor.editing && <ContactDialog contact={editor.record} onClose={editor.close} onSaved={editor.saved} />}
      <ConfirmDialog
        open={deletion.target !== null}
        title={t("alertChannels.contacts.deleteTitle", { name: deletion.target?.name ?? "" })}
        busy={deletion.busy}
        confirmLabel={t("alertChannels.contacts.delete")}
        onCancel={deletion.cancel}
        onConfirm={deletion.confirm}
      >
        {t("alertChannels.contacts.deleteBody")}
      </ConfirmDialog>
    </Card>
  );
}

function ContactDialog({ contact, onClose, onSaved }: { contact: Contact | null; onClose: () => void; onSaved: () => Promise<void> }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const save = useMutation(trpc.alertChannel.contactSave.mutationOptions());
  const [name, setName] = useState(contact?.name ?? "");
  const [role, setRole] = useState<ContactRole>(contact?.role ?? "ops");
  const [locale, setLocale] = useState<Locale>(contact?.locale ?? "zh-CN");
  // The stored phone comes back masked: the field starts empty and an empty field keeps the stored number.
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState(contact?.email ?? "");
  const [order, setOrder] = useState(String(contact?.escalationOrder ?? 1));
  const [enabled, setEnabled] = useState(contact?.enabled ?? true);
  const [submitted, setSubmitted] = useState(false);

  const orderNumber = Number(order);
  const errors = {
    name: name.trim() === "" ? t("alertChannels.contacts.error.name") : undefined,
    email: email.trim() !== "" && !EMAIL.test(email.trim()) ? t("alertChannels.contacts.error.email") : undefined,
    reach: phone.trim() === "" && !contact?.phone && email.trim() === "" ? t("alertChannels.contacts.error.reach") : undefined,
    order: !Number.isInteger(orderNumber) || orderNumber < 1 || orderNumber > 10 ? t("alertChannels.contacts.error.order") : undefined,
  };
  const valid = Object.values(errors).every((e) => !e);
  const shown = (e: string | undefined) => (submitted ? e : undefined);

  const submit = () => {
    setSubmitted(true);
    if (!valid) return;
    save.mutate(
      {
        ...(contact ? { id: contact.id } : {}),
        name: name.trim(),
        role,
        locale,
        ...(phone.trim() !== "" ? { phone: phone.trim() } : contact ? {} : { phone: null }),
        email: email.trim() === "" ? null : email.trim(),
        enabled,
        escalationOrder: orderNumber,
      },
      { onSuccess: () => void onSaved(), onError: (e) => toast({ tone: "error", text: t("alertChannels.contacts.failed", { message: e.message }) }) },
    );
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-lg!">
        <DialogTitle>{t(contact ? "alertChannels.contacts.editTitle" : "alertChannels.contacts.createTitle")}</DialogTitle>
        <DialogDescription>{t("alertChannels.contacts.escalationHint")}</DialogDescription>
        <form
          noValidate
          className="mt-4 grid grid-cols-2 gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Field label={t("alertChannels.contacts.col.name")} error={shown(errors.name)}>
            {(id, d) => <input id={id} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} aria-invalid={shown(errors.name) ? true : undefined} aria-describedby={d} className={inputClass} />}
          </Field>
          <Field label={t("alertChannels.contacts.col.role")}>
            {(id) => (
              <select id={id} value={role} onChange={(e) => setRole(e.target.value as ContactRole)} className={inputClass}>
                {CONTACT_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`alertChannels.contacts.role.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("alertChannels.contacts.col.phone")} error={shown(errors.reach)} hint={contact?.phone ? `${contact.phone} · ${t("alertChannels.contacts.phoneHint")}` : undefined}>
            {(id, d) => <input id={id} type="tel" value={phone} maxLength={32} onChange={(e) => setPhone(e.target.value)} aria-invalid={shown(errors.reach) ? true : undefined} aria-describedby={d} className={inputClass} />}
          </Field>
          <Field label={t("alertChannels.contacts.col.email")} error={shown(errors.email)}>
            {(id, d) => <input id={id} type="email" value={email} maxLength={200} onChange={(e) => setEmail(e.target.value)} aria-invalid={shown(errors.email) ? true : undefined} aria-describedby={d} className={inputClass} />}
          </Field>
          <Field label={t("alertChannels.contacts.col.locale")}>
            {(id) => (
              <select id={id} value={locale} onChange={(e) => setLocale(e.target.value as Locale)} className={inputClass}>
                {LOCALES.map((l) => (
                  <option key={l} value={l}>
                    {t(`alertChannels.contacts.locale.${l}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("alertChannels.contacts.col.escalation")} error={shown(errors.order)}>
            {(id, d) => <input id={id} inputMode="numeric" value={order} onChange={(e) => setOrder(e.target.value)} aria-invalid={shown(errors.order) ? true : undefined} aria-describedby={d} className={inputClass} />}
          </Field>
          <label className="col-span-2 flex items-center gap-2 text-sm">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            {t("alertChannels.contacts.col.enabled")}
          </label>
          <DialogFooter className="col-span-2">
            <Button onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" variant="primary" disabled={save.isPending}>
              {t("alertChannels.save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
