import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/server/env";

// Optimistic check only: a request without a valid session cookie goes to /signin before any page renders.
// The console layout and every tRPC procedure check the session (and the user's current state) again.
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: getEnv().NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const url = new URL("/signin", request.url);
  const back = request.nextUrl.pathname + request.nextUrl.search;
  if (back !== "/") url.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(url);
}

export const config = {
  // Console pages only: not the sign-in page, APIs (they answer 401 themselves), the public status page or assets.
  matcher: ["/((?!signin|status|api|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
