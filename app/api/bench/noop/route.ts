export const dynamic = "force-dynamic";

// bench:status's yardstick: a route handler of the same build that does nothing but answer, so the
// benchmark measures what /api/status adds on top of Next's own request handling.
const BODY = JSON.stringify({ ok: true });

export function GET(): Response {
  return new Response(BODY, { status: 200, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } });
}
