import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { DISCREPANCY_TYPES, type Provider } from "@/lib/enums";
import { riskOf } from "@/lib/recon";
import type { Actor } from "@/server/audit/write-audit";
import { rowsOf } from "@/server/lib/sql";
import type { FeeRate } from "./fee-rates";
import { linesOf } from "./line-partitions";

export interface ClassifyInput {
  importId: number;
  provider: Provider;
  businessDate: string;
  /** The completed import of the same day this one supersedes: what it alone found is closed as superseded. */
  previousImportId: number | null;
  timeZone: string;
  graceMs: number;
  feeRate: FeeRate | undefined;
  feeToleranceMinor: number;
  now: Date;
  /** Settles when the lines' key is built (it may be building on another connection while this runs). */
  linesKeyed?: Promise<void>;
  /** Split the match in halves for parallel workers (a PostgreSQL server; PGlite runs one process). */
  parallelMatch?: boolean;
  /** The import's payment lines the provider calls successful (the loader counts them as it writes). */
  successfulPayments: number;
  /** Filled in with each step's time in ms (bench:recon prints it). */
  steps?: Record<string, number>;
}

/** riskOf as SQL, generated from lib/recon.ts so the statement path and the real-time path cannot disagree. */
function riskSql(feeToleranceMinor: number): SQL {
  const cases = DISCREPANCY_TYPES.map((t) =>
    t === "fee_mismatch"
      ? sql`when 'fee_mismatch' then case when f.difference_minor <= ${feeToleranceMinor} then ${riskOf(t, { differenceMinor: 0, feeToleranceMinor })} else ${riskOf(t, { differenceMinor: feeToleranceMinor + 1, feeToleranceMinor })} end`
      : sql`when ${t} then ${riskOf(t)}`,
  );
  return sql`case f.type ${sql.join(cases, sql` `)} end`;
}

const PAID_STATUSES = sql`('PAID','FULFILLED','PARTIALLY_REFUNDED','REFUNDED')`;

/**
 * Matches one import's lines against orders and refunds and records what disagrees — all set-based, inside
 * the caller's transaction (the switch to the new import and its results commit together, or not at all).
 * One discrepancy per (provider, transaction, type): a real-time finding the statement confirms is updated.
 */
export async function classifyImport(tx: Db, input: ClassifyInput, actor: Actor): Promise<void> {
  const { importId: I, provider: P, businessDate: D, timeZone: tz, now } = input;
  // The import's own lines by their table (ADR 0008): not yet attached while it is classified.
  const lines = linesOf(I);
  const graceSeconds = Math.round(input.graceMs / 1000);
  const bps = input.feeRate?.bps ?? null;
  const fixed = input.feeRate?.fixedMinor ?? 0;
  const run = async (step: string, query: SQL) => {
    const t = performance.now();
    await tx.execute(query);
    if (input.steps) input.steps[step] = (input.steps[step] ?? 0) + Math.round(performance.now() - t);
  };

  // Set-based joins over a whole statement: room for the hashes in memory (this transaction only).
  await tx.execute(sql`set local work_mem = '64MB'`);
  // The planner's cost of these statements crosses the JIT threshold, and compiling them took longer than
  // running them (≈0.8 s of a 1.3 s statement at 100k lines): plain execution throughout.
  await tx.execute(sql`set local jit = off`);
  // The day's bounds in the business time zone, as expressions the planner folds to constants (an index
  // range on orders (provider, paid_at), not a join against a one-row table).
  const dayStart = sql`(${D}::date::timestamp at time zone ${tz})`;
  const dayEnd = sql`((${D}::date + 1)::timestamp at time zone ${tz})`;
  const grace = sql`make_interval(secs => ${graceSeconds})`;

  // Lines the provider calls successful. Payment lines, each with the order it matches: provider transaction id
  // first, merchant order no as the fallback. "primary" = the transaction our order holds (or, for an order
  // we never saw paid, the smallest id): every other transaction for the same order is a duplicate payment.
  // One pass does the bulk of both directions: the lines against the orders paid that day (the ones a line
  // should carry), full outer join on the transaction id. Most pairs agree and are dropped at once; what is
  // kept is (a) pairs that differ, (b) lines no order of the day holds and (c) orders of the day no line
  // carries — a few thousand rows, where two passes (lines → orders, orders → lines) each hashed a million.
  // On a server with parallel workers (node-postgres) the join is split by the transaction id's hash into
  // independent halves that run side by side (a Parallel Append: PostgreSQL 15 cannot parallelise one full
  // join). A line and the order it should meet share the hash, so each half pairs them alone; a null
  // transaction id counts as hash 0. The settings below only let the planner choose that plan for this step.
  const halves = input.parallelMatch ? 2 : 1;
  const half = (column: SQL, k: number) => (halves === 1 ? sql`` : sql`and (coalesce(hashtext(${column}), 0) & ${halves - 1}) = ${k}`);
  const matchOne = (k: number) => sql`
    select l.line_no, l.kind, l.provider_transaction_id as ptid, l.order_no as line_order_no, l.refund_no, l.provider_refund_id,
           l.amount_minor, l.fee_minor, l.currency, l.occurred_at, l.status as line_status,
           o.order_no as d_order_no, o.amount_minor as d_amount, o.currency as d_currency, o.status as d_status,
           o.provider_transaction_id as d_ptid, o.paid_at as d_paid_at, o.closed_at as d_closed_at
    from (select * from ${lines} l where l.import_id = ${I} and l.success ${half(sql`l.provider_transaction_id`, k)}) l
    full join (
      select * from orders o
      where o.provider = ${P} and o.paid_at >= ${dayStart} and o.paid_at < ${dayEnd} and o.status in ${PAID_STATUSES}
        ${half(sql`o.provider_transaction_id`, k)}
    -- Refund lines (which repeat the paid transaction's id) join nothing and are kept for the refund check
    -- below: the same pass reads them, instead of another pass over a million lines for a few refunds.
    ) o on o.provider_transaction_id = case when l.kind = 'payment' then l.provider_transaction_id end
    where l.line_no is null or o.order_no is null or l.currency <> o.currency or l.amount_minor <> o.amount_minor
       or (l.fee_minor is not null and ${bps}::int is not null and l.fee_minor <> (l.amount_minor * ${bps}::int + 5000) / 10000 + ${fixed}::int)`;
  if (halves > 1) {
    // Workers cost nothing to start here next to a million-row join, and whole halves (not scans split
    // across workers, each sending half a million rows back) are what should run in parallel.
    await tx.execute(sql`set local parallel_setup_cost = 0`);
    await tx.execute(sql`set local parallel_tuple_cost = 0`);
    await tx.execute(sql`set local min_parallel_table_scan_size = '1TB'`);
  }
  await run("match", sql`create temp table recon_j on commit drop as ${sql.join(Array.from({ length: halves }, (_, k) => matchOne(k)), sql` union all `)}`);
  if (halves > 1) {
    await tx.execute(sql`set local parallel_setup_cost to default`);
    await tx.execute(sql`set local parallel_tuple_cost to default`);
    await tx.execute(sql`set local min_parallel_table_scan_size to default`);
  }
  // (b) meet the rest of the orders: by transaction id (an order paid another day, closed, never paid), then
  // by order no (another transaction for the order). The joins are asked only for them (a handful of index
  // lookups each).
  await run("lookup", sql`
    create temp table recon_pm on commit drop as
    select m.*, case when m.o_status is null then true when m.o_ptid is not null then m.ptid = m.o_ptid end as is_primary
    from (
      select j.line_no, j.ptid, j.line_order_no, j.amount_minor, j.fee_minor, j.currency, j.occurred_at, j.line_status,
             coalesce(j.d_order_no, ot.order_no, oo.order_no) as order_no,
             coalesce(j.d_amount, ot.amount_minor, oo.amount_minor) as o_amount,
             coalesce(j.d_currency, ot.currency, oo.currency) as o_currency,
             coalesce(j.d_status, ot.status, oo.status) as o_status,
             coalesce(j.d_ptid, ot.provider_transaction_id, oo.provider_transaction_id) as o_ptid,
             coalesce(j.d_paid_at, ot.paid_at, oo.paid_at) as o_paid_at,
             coalesce(j.d_closed_at, ot.closed_at, oo.closed_at) as o_closed_at,
             j.d_order_no is null and ot.order_no is null as by_order_no
      from recon_j j
      left join lateral (
        select o.* from orders o where j.d_order_no is null and o.provider_transaction_id = j.ptid and o.provider = ${P}
      ) ot on true
      left join lateral (
        select o2.* from orders o2 where j.d_order_no is null and ot.order_no is null and o2.order_no = j.line_order_no limit 1
      ) oo on true
      where j.line_no is not null and j.kind = 'payment'
    ) m
    where m.by_order_no or m.o_status in ('CLOSED', 'CREATED') or m.currency <> m.o_currency or m.amount_minor <> m.o_amount
       or (m.fee_minor is not null and ${bps}::int is not null and m.fee_minor <> (m.amount_minor * ${bps}::int + 5000) / 10000 + ${fixed}::int)`);
  await run("primary", sql`
    update recon_pm p set is_primary = p.ptid = g.min_ptid
    from (select order_no, min(ptid) as min_ptid from recon_pm where is_primary is null group by order_no) g
    where p.is_primary is null and g.order_no = p.order_no`);
  await tx.execute(sql`
    create temp table recon_findings (
      type text not null, order_no text, ptid text not null, line_no integer, expected bigint, actual bigint,
      currency char(3), difference_minor bigint not null, status text not null, grace_until timestamptz,
      our_facts jsonb not null, provider_facts jsonb not null
    ) on commit drop`);

  const ourFacts = sql`jsonb_build_object('status', p.o_status, 'amountMinor', p.o_amount, 'currency', p.o_currency,
    'providerTransactionId', p.o_ptid, 'paidAt', p.o_paid_at, 'closedAt', p.o_closed_at)`;
  const lineFacts = sql`jsonb_build_object('transactionId', p.ptid, 'orderNo', p.line_order_no, 'amountMinor', p.amount_minor,
    'feeMinor', p.fee_minor, 'currency', p.currency, 'occurredAt', p.occurred_at, 'providerStatus', p.line_status, 'lineNo', p.line_no)`;

  await run("findings", sql`
    insert into recon_findings (type, order_no, ptid, line_no, expected, actual, currency, difference_minor, status, our_facts, provider_facts)
    select x.type, p.order_no, p.ptid, p.line_no, p.o_amount, p.amount_minor, p.currency, x.diff, 'open',
           case when p.o_status is null then '{}'::jsonb else ${ourFacts} end, ${lineFacts}
    from (
      -- Most lines agree with their order: only the ones where some type can hit go through the seven checks.
      select * from recon_pm p
      where p.o_status is null or not p.is_primary or p.currency <> p.o_currency or p.amount_minor <> p.o_amount
         or p.o_status in ('CLOSED', 'CREATED')
         or (p.fee_minor is not null and ${bps}::int is not null and p.fee_minor <> (p.amount_minor * ${bps}::int + 5000) / 10000 + ${fixed}::int)
    ) p
    cross join lateral (values
      ('missing_internal', p.o_status is null, p.amount_minor),
      ('duplicate_payment', p.o_status is not null and not p.is_primary, p.amount_minor),
      ('currency_mismatch', p.is_primary and p.o_status is not null and p.currency <> p.o_currency, p.amount_minor),
      ('amount_mismatch', p.is_primary and p.o_status is not null and p.currency = p.o_currency and p.amount_minor <> p.o_amount,
        abs(p.amount_minor - p.o_amount)),
      ('paid_after_close', p.is_primary and p.o_status = 'CLOSED', p.amount_minor),
      ('status_mismatch', p.is_primary and p.o_status = 'CREATED', p.amount_minor),
      ('fee_mismatch', p.is_primary and p.o_status is not null and p.fee_minor is not null and ${bps}::int is not null
        and p.fee_minor <> (p.amount_minor * ${bps}::int + 5000) / 10000 + ${fixed}::int,
        abs(p.fee_minor - ((p.amount_minor * ${bps}::int + 5000) / 10000 + ${fixed}::int)))
    ) as x(type, hit, diff)
    where x.hit`);

  // Our orders paid that day at this provider that no successful line carries. Inside the grace window
  // before the cut-off it is "waiting" (the next day's statement usually brings it); an order paid just
  // after midnight that yesterday's statement already carried is not missing. Yesterday's import is looked
  // up first, so its lines are named by a constant: the planner reads that one partition of statement_lines
  // (ADR 0008; through a join it scanned every import's lines), and the two conditions are two hashed
  // lookups (one `or` inside a single exists compared every early order with every line of yesterday).
  const [yesterday] = rowsOf<{ id: number }>(
    await tx.execute(sql`select id from statement_imports where provider = ${P} and status = 'completed' and business_date = ${D}::date - 1`),
  );
  const notInYesterday = yesterday
    ? sql`(not exists (select 1 from statement_lines l2 where l2.import_id = ${yesterday.id} and l2.kind = 'payment' and l2.success
             and l2.provider_transaction_id = o.provider_transaction_id)
         and not exists (select 1 from statement_lines l2 where l2.import_id = ${yesterday.id} and l2.kind = 'payment' and l2.success
             and l2.order_no = o.order_no))`
    : sql`true`;
  await run("missingAtProvider", sql`
    insert into recon_findings (type, order_no, ptid, line_no, expected, actual, currency, difference_minor, status, grace_until, our_facts, provider_facts)
    select 'missing_at_provider', o.order_no, coalesce(o.provider_transaction_id, 'order:' || o.order_no), null, o.amount_minor, null,
           o.currency, o.amount_minor,
           case when o.paid_at >= ${dayEnd} - ${grace} then 'waiting' else 'open' end,
           case when o.paid_at >= ${dayEnd} - ${grace} then ${dayEnd} + interval '1 day' + ${grace} end,
           jsonb_build_object('status', o.status, 'amountMinor', o.amount_minor, 'currency', o.currency,
             'providerTransactionId', o.provider_transaction_id, 'paidAt', o.paid_at),
           '{}'::jsonb
    -- (c): the orders of the day no line carries by transaction id (from the one pass above), nor any line by
    -- order no (those lines are all in recon_pm).
    from (
      select j.d_order_no as order_no, j.d_ptid as provider_transaction_id, j.d_amount as amount_minor, j.d_currency as currency,
             j.d_status as status, j.d_paid_at as paid_at
      from recon_j j where j.line_no is null
    ) o
    where not exists (select 1 from recon_pm p where p.by_order_no and p.order_no = o.order_no)
      and (o.paid_at >= ${dayStart} + ${grace} or ${notInYesterday})`);

  // Refund lines against our refunds (refund no first, provider refund id as the fallback).
  await run("refunds", sql`
    insert into recon_findings (type, order_no, ptid, line_no, expected, actual, currency, difference_minor, status, our_facts, provider_facts)
    select 'refund_mismatch', r.order_no, coalesce(l.provider_refund_id, l.refund_no, l.ptid), l.line_no,
           r.amount_minor, l.amount_minor, l.currency,
           case when r.id is not null and r.status = 'succeeded' then abs(l.amount_minor - r.amount_minor) else l.amount_minor end,
           'open',
           case when r.id is null then '{}'::jsonb else jsonb_build_object('refundNo', r.refund_no, 'status', r.status,
             'amountMinor', r.amount_minor, 'currency', r.currency, 'providerRefundId', r.provider_refund_id) end,
           jsonb_build_object('transactionId', l.ptid, 'refundNo', l.refund_no, 'providerRefundId', l.provider_refund_id,
             'amountMinor', l.amount_minor, 'currency', l.currency, 'occurredAt', l.occurred_at, 'providerStatus', l.line_status, 'lineNo', l.line_no)
    from (
      select j.*, coalesce(rr.id, rp.id) as refund_id from recon_j j
      left join refunds rr on rr.refund_no = j.refund_no
      left join refunds rp on rr.id is null and rp.provider_refund_id = j.provider_refund_id and rp.provider = ${P}
      where j.kind = 'refund'
    ) l
    left join refunds r on r.id = l.refund_id
    where r.id is null or r.status <> 'succeeded' or r.amount_minor <> l.amount_minor or r.currency <> l.currency`);

  // Record: new rows, or the existing (real-time or earlier statement) row updated to point at this import.
  await run("record", sql`
    with up as (
      insert into discrepancies as d (type, risk, status, provider, order_no, provider_transaction_id, expected_amount_minor,
        actual_amount_minor, currency, our_facts, provider_facts, source, statement_import_id, statement_line_no, business_date,
        difference_minor, grace_until, detected_at)
      select f.type, ${riskSql(input.feeToleranceMinor)}, f.status, ${P}, f.order_no, f.ptid, f.expected, f.actual, f.currency,
             f.our_facts, f.provider_facts, 'statement', ${I}, f.line_no, ${D}::date, f.difference_minor, f.grace_until, ${now}
      from recon_findings f
      on conflict (provider, provider_transaction_id, type) do update set
        statement_import_id = excluded.statement_import_id,
        statement_line_no = excluded.statement_line_no,
        business_date = coalesce(d.business_date, excluded.business_date),
        difference_minor = excluded.difference_minor,
        risk = excluded.risk,
        expected_amount_minor = excluded.expected_amount_minor,
        actual_amount_minor = excluded.actual_amount_minor,
        provider_facts = excluded.provider_facts,
        status = case when d.status = 'waiting' or (d.status = 'ignored' and d.resolution like 'superseded%') then excluded.status else d.status end,
        grace_until = case when d.status = 'waiting' or d.status = 'ignored' then excluded.grace_until else d.grace_until end,
        resolution = case when d.status = 'ignored' and d.resolution like 'superseded%' then null else d.resolution end,
        resolved_at = case when d.status = 'ignored' and d.resolution like 'superseded%' then null else d.resolved_at end,
        updated_at = ${now}
      returning d.id, d.type, d.order_no, d.provider_transaction_id, (xmax = 0) as inserted
    )
    insert into audit_logs (actor_id, actor_label, action, entity_type, entity_id, before, after, request_id)
    select ${actor.id}::uuid, ${actor.label}, case when up.inserted then 'discrepancy.create' else 'discrepancy.confirm' end,
           'discrepancy', up.id::text, null,
           jsonb_build_object('type', up.type, 'orderNo', up.order_no, 'transactionId', up.provider_transaction_id, 'statementImportId', ${I}::bigint),
           ${actor.requestId ?? null}
    from up`);

  // A corrected file: what only the old file found is closed as superseded; real-time findings it merely
  // confirmed stay as they are, unlinked from the old file.
  if (input.previousImportId !== null) {
    await tx.execute(sql`
      with closed as (
        update discrepancies set status = 'ignored', resolution = ${`superseded by statement import ${I}`}, resolved_at = ${now}, updated_at = ${now}
        where statement_import_id = ${input.previousImportId} and source = 'statement' and status in ('open', 'waiting')
        returning id
      )
      insert into audit_logs (actor_id, actor_label, action, entity_type, entity_id, after, request_id)
      select ${actor.id}::uuid, ${actor.label}, 'discrepancy.supersede', 'discrepancy', closed.id::text,
             jsonb_build_object('statementImportId', ${I}::bigint), ${actor.requestId ?? null}
      from closed`);
    await tx.execute(sql`
      update discrepancies set statement_import_id = null, statement_line_no = null, updated_at = ${now}
      where statement_import_id = ${input.previousImportId} and source <> 'statement'`);
  }

  // Timing grace: an earlier day's "missing at provider" this statement carries is closed (carried); what
  // waited and did not come — or outlived its grace — becomes an exception.
  // The few items due are gathered first with their order's transaction id: the import's lines are then
  // checked against that small set in one pass (there is no index on the lines' transaction ids). The update
  // repeats the conditions, so an item someone resolved meanwhile is left alone.
  const due = sql`d.provider = ${P} and d.type = 'missing_at_provider' and d.status in ('waiting', 'open') and d.resolved_by is null
        and d.business_date < ${D}::date`;
  await run("carry", sql`
    with due as (
      select d.id, d.order_no, o.provider_transaction_id as ptid
      from discrepancies d left join orders o on o.order_no = d.order_no and o.provider = ${P}
      where ${due}
    ),
    hit as (
      select due.id from due
      where due.ptid in (
          select l.provider_transaction_id from ${lines} l
          where l.import_id = ${I} and l.kind = 'payment' and l.success and l.provider_transaction_id in (select ptid from due))
        or exists (select 1 from recon_pm p where p.by_order_no and p.order_no = due.order_no)
    ),
    carried as (
      update discrepancies d set status = 'resolved', resolution = ${`carried: in the ${D} statement (import ${I})`},
             resolved_at = ${now}, updated_at = ${now}
      from hit
      where d.id = hit.id and ${due}
      returning d.id
    )
    insert into audit_logs (actor_id, actor_label, action, entity_type, entity_id, after, request_id)
    select ${actor.id}::uuid, ${actor.label}, 'discrepancy.carry', 'discrepancy', carried.id::text,
           jsonb_build_object('statementImportId', ${I}::bigint), ${actor.requestId ?? null}
    from carried`);
  await run("reopen", sql`
    update discrepancies set status = 'open', updated_at = ${now}
    where provider = ${P} and status = 'waiting' and (business_date < ${D}::date or grace_until <= ${now})`);

  // Lines were loaded as matched (success) or ignored; the ones behind a finding are marked.
  // The only write to the lines: after their key is built (a SHARE lock the update would otherwise wait on).
  await input.linesKeyed;
  await run("markLines", sql`
    update ${lines} l set match = 'discrepancy'
    where l.import_id = ${I} and l.line_no in (select f.line_no from recon_findings f where f.line_no is not null)`);

  await run("counts", sql`
    update statement_imports si set
      -- The loader counted the successful payment lines (all loaded as matched); those behind a finding are not.
      matched = ${input.successfulPayments}::int - (select count(distinct f.line_no) from recon_findings f
                                                    where f.line_no is not null and f.type <> 'refund_mismatch'),
      discrepancies = (select count(*) from recon_findings f where f.status <> 'waiting')
    where si.id = ${I}`);
}
