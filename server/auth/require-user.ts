import "server-only";
import { forbidden, redirect } from "next/navigation";
import { canOpenPage, type PageHref } from "./permissions";
import { getSessionUser } from "./get-session-user";
import type { SignedInUser } from "./sign-in";

/** Server components: the signed-in user, or a redirect to /signin. */
export async function requireUser(): Promise<SignedInUser> {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return user;
}

/** Server components: the user if their role may open this page; otherwise the 403 page. */
export async function requirePage(href: PageHref): Promise<SignedInUser> {
  const user = await requireUser();
  if (!canOpenPage(user.role, href)) forbidden();
  return user;
}
