#!/usr/bin/env bash
# Installs and starts the services the whole test suite talks to, on Debian or Ubuntu:
#   PostgreSQL  on 127.0.0.1:5432, with a database `test` that user postgres reaches from 127.0.0.1
#               without a password (only that database, only that user, only over loopback)
#   Redis       on 127.0.0.1:6379
#   Chromium    Debian's build at /usr/bin/chromium (the arena voting page's browser test)
# `npm test` skips the suites of a service that is missing and says so; with these running it runs them
# all. `.ci/run` calls this script. Run it as root (sudo). Running it again changes nothing that works.
set -euo pipefail

log() { printf '[services] %s\n' "$*"; }
fail() { printf '[services] error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run it as root: sudo $0"
[ -r /etc/os-release ] || fail "/etc/os-release is missing: this script knows Debian and Ubuntu only"
# shellcheck disable=SC1091
. /etc/os-release
case " ${ID:-} ${ID_LIKE:-} " in
  *" debian "* | *" ubuntu "*) ;;
  *) fail "this is ${PRETTY_NAME:-an unknown system}; the script knows Debian and Ubuntu only. Install PostgreSQL, Redis and Chromium yourself and see docs/testing.md" ;;
esac

export DEBIAN_FRONTEND=noninteractive
updated=no
apt_install() {
  if [ "$updated" = no ]; then apt-get update -qq; updated=yes; fi
  log "installing $* from the distribution's packages"
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# PostgreSQL ---------------------------------------------------------------------------------------
command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
as_postgres() { runuser -u postgres -- "$@"; }
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    log "creating PostgreSQL $version's cluster main"
    pg_createcluster "$version" main >/dev/null
  fi
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5432 -q || fail "PostgreSQL did not start on 127.0.0.1:5432 (see /var/log/postgresql/)"
fi
if ! as_postgres psql -XAtqc "select 1 from pg_database where datname = 'test'" | grep -q 1; then
  log "creating the database test"
  as_postgres createdb test
fi
if ! psql -w -X -h 127.0.0.1 -U postgres -d test -qc 'select 1' >/dev/null 2>&1; then
  hba=$(as_postgres psql -XAtqc 'show hba_file')
  log "letting user postgres reach the database test from 127.0.0.1 and ::1 without a password ($hba)"
  sed -i '1i host test postgres 127.0.0.1/32 trust\nhost test postgres ::1/128 trust' "$hba"
  as_postgres psql -XAtqc 'select pg_reload_conf()' >/dev/null
  sleep 1
  psql -w -X -h 127.0.0.1 -U postgres -d test -qc 'select 1' >/dev/null || fail "still cannot connect to postgres://postgres@127.0.0.1:5432/test; check $hba"
fi
log "PostgreSQL: postgres://postgres@127.0.0.1:5432/test answers"

# Redis --------------------------------------------------------------------------------------------
command -v redis-server >/dev/null 2>&1 || apt_install redis-server
if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  log "starting Redis"
  service redis-server start >/dev/null 2>&1 || redis-server --bind 127.0.0.1 --port 6379 --daemonize yes >/dev/null
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && break; sleep 0.5; done
  redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG || fail "Redis did not start on 127.0.0.1:6379"
fi
log "Redis: redis://127.0.0.1:6379 answers"

# Chromium -----------------------------------------------------------------------------------------
if [ ! -x /usr/bin/chromium ]; then
  if [ "${ID:-}" = ubuntu ]; then
    # Ubuntu ships Chromium only as a snap, which a container or CI runner often cannot run.
    if command -v snap >/dev/null 2>&1 && snap install chromium >/dev/null 2>&1; then
      log "Chromium: installed the snap; run the tests with TUNEOPS_TEST_CHROMIUM=/snap/bin/chromium"
    else
      fail "Ubuntu has no Chromium package outside snap, and snap install chromium failed here: install Chromium and set TUNEOPS_TEST_CHROMIUM to its executable"
    fi
  else
    apt_install chromium
  fi
fi
[ -x /usr/bin/chromium ] && log "Chromium: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
log "done: npm test now runs every suite"
