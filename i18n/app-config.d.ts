// Types next-intl's translators and formatters by our locales and the Chinese message files, so
// `t("nav.orders")` is checked by the compiler and a misspelt key fails `tsc`.
import type { Locale } from "@/lib/i18n/locale";
import type { Messages as PayOpsMessages } from "@/messages/areas";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: PayOpsMessages;
  }
}
