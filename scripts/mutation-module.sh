#!/usr/bin/env bash
# One module's mutation run, the way the scores in docs/testing.md were measured: the module's own tests plus
# the tests of the routes and modules that drive it, on PostgreSQL, incremental, static mutants ignored
# (StrykerJS 9.6 cannot activate them under --testFiles: see docs/testing.md).
#
#   bash scripts/mutation-module.sh <orders|fulfilment|janitor|jobs|callbacks-a|callbacks-b|callbacks-c|sql|auth|providers[-refunds|-bills|-notify|-query]> [stryker options]
#
# Results: .data/stryker/<name>/report/{index.html,mutation.json}; a re-run tests only what changed.
# Needs PostgreSQL with a role that may CREATE DATABASE (TEST_DATABASE_URL, default CI's payops/payops).
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?module name}"
shift
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://payops:payops@127.0.0.1:5432/postgres}"

# The callback routes' tests ("[provider]" is matched by "*").
CB_ROUTES="app/api/callbacks/*/route.test.ts,app/api/callbacks/*/inbox-concurrency.test.ts,app/api/callbacks/*/sandbox-intake.test.ts,app/api/callbacks/*/intake-hardening.test.ts,app/api/callbacks/*/realtime-discrepancies.test.ts"

case "$name" in
  orders)
    mutate="server/orders/**/*.ts,!**/*.test.ts"
    tests="server/orders/*.test.ts,server/janitor/*.test.ts,server/fulfilment/*.test.ts,app/api/callbacks/*/route.test.ts,app/api/callbacks/*/inbox-concurrency.test.ts,app/api/callbacks/*/sandbox-intake.test.ts,app/api/v1/orders/route.test.ts,server/customers/customers.test.ts" ;;
  fulfilment)
    mutate="server/fulfilment/**/*.ts,!**/*.test.ts"
    tests="server/fulfilment/*.test.ts,app/api/hardening.test.ts" ;;
  janitor)
    mutate="server/janitor/**/*.ts,!**/*.test.ts"
    tests="server/janitor/*.test.ts,app/api/cron/tick/route.test.ts" ;;
  jobs)
    # worker-crash.test.ts (two real worker processes, one SIGKILLed) is the acceptance test; too slow per mutant.
    mutate="server/jobs/**/*.ts,!**/*.test.ts"
    tests="server/jobs/!(worker-crash).test.ts" ;;
  # server/callbacks in three parts, so each part's survivors can be worked on while the next runs.
  callbacks-a)
    mutate="server/callbacks/receive-callback.ts,server/callbacks/group-commit.ts,server/callbacks/inspect-body.ts,server/callbacks/stored-headers.ts,server/callbacks/record-provider-message.ts"
    tests="server/callbacks/*.test.ts,$CB_ROUTES" ;;
  callbacks-b)
    mutate="server/callbacks/inbox-applier.ts,server/callbacks/apply-notification.ts,server/callbacks/write-message-outcomes.ts"
    tests="server/callbacks/*.test.ts,$CB_ROUTES" ;;
  callbacks-c)
    mutate="server/callbacks/list-callbacks.ts,server/callbacks/callback-summary.ts,server/callbacks/get-callback-body.ts,server/callbacks/reveal-callback-body.ts,server/callbacks/purge-rejected-messages.ts,server/callbacks/start-callback-background.ts"
    tests="server/callbacks/*.test.ts,$CB_ROUTES" ;;
  # The SQL helpers of the callback hot path (executePrepared, the array and JSON parameters), with the tests
  # that run them against each driver and the two statements that use them most.
  sql)
    mutate="server/lib/sql.ts"
    tests="server/lib/sql.test.ts,server/callbacks/apply-payments-in-sql.test.ts,server/callbacks/store.mutants.test.ts" ;;
  auth)
    mutate="server/auth/**/*.ts,!**/*.test.ts"
    tests="server/auth/*.test.ts,server/api/permissions.test.ts" ;;
  # server/providers whole (~3,600 mutants, ~1.5 h), or in four parts with the same tests.
  providers|providers-refunds|providers-bills|providers-notify|providers-query)
    # The providers' own tests (signatures with real keys, statement files, status queries at the HTTP
    # boundary) and the refund adapters. The callback routes' tests drive the same code end to end but make a
    # run take hours; the providers' own *.mutants.test.ts pin what they would (docs/testing.md).
    tests="server/providers/**/*.test.ts,server/refunds/refund-adapters.test.ts"
    P=server/providers
    case "$name" in
      providers) mutate="$P/**/*.ts,!**/*.test.ts" ;;
      providers-refunds) mutate="$P/*/refund.ts,$P/sandbox/refund-book.ts" ;;
      providers-bills) mutate="$P/*/bill.ts,$P/shared/raw-json.ts" ;;
      providers-notify) mutate="$P/*/build-notification.ts,$P/*/verify.ts,$P/alipay/decode-form.ts,$P/alipay/sign-content.ts,$P/wechatpay/check-signature.ts,$P/wechatpay/platform-keys.ts,$P/wechatpay/decrypt-resource.ts,$P/shared/rsa.ts,$P/shared/beijing-time.ts" ;;
      providers-query) mutate="$P/*/query.ts,$P/shared/load-key.ts,$P/shared/provider-config-issues.ts,$P/shared/fields.ts,$P/shared/provider-fetch.ts,$P/shared/dedupe-key.ts,$P/shared/verify-result.ts,$P/*/reply.ts,$P/*/index.ts,$P/index.ts,$P/sandbox/sign.ts,$P/sandbox/sign-answer.ts,$P/wechatpay/sign-request.ts" ;;
    esac
    # A part starts from the whole run's results: only what changed since is tested again.
    if [ "$name" != providers ] && [ ! -f ".data/stryker/$name/incremental.json" ] && [ -f .data/stryker/providers/incremental.json ]; then
      mkdir -p ".data/stryker/$name" && cp .data/stryker/providers/incremental.json ".data/stryker/$name/incremental.json"
    fi ;;
  *)
    echo "unknown module: $name" >&2
    exit 2 ;;
esac

STRYKER_RUN="$name" exec npm run test:mutation -- --concurrency 2 --ignoreStatic --mutate "$mutate" --testFiles "$tests" "$@"
