"""The hash chain that makes the audit log tamper-evident (等保 安全审计 c; issue 10 checklist).

Every AuditEvent stores ``prev_hash``, the ``hash`` of the event before it (by id; ``GENESIS`` for
the first), and its own ``hash``: HMAC-SHA256, keyed with settings.AUDIT_CHAIN_KEY, over the
previous hash and a canonical serialisation of the event's fields (``canonical``). So

- a changed event no longer matches its own hash;
- a removed event leaves the next one pointing at a hash that is not its predecessor's;
- an inserted event matches neither, and the chain runs on past it (its successor points at the
  event before it);

and, the hash being keyed, someone with write access to the database but not the key cannot
compute a new, valid chain after the change. ``manage.py audit_verify`` walks the chain.

Two writers never fork the chain: ``AuditEvent.save`` appends under a lock held until its
transaction commits (``lock_chain``): on PostgreSQL a transaction-level advisory lock; on SQLite
the database's own write lock, which every transaction takes at BEGIN (``transaction_mode =
"IMMEDIATE"`` in config/settings.py; without it the second writer fails on a stale snapshot
instead of forking). ``prev_hash`` is unique as well, so a fork would be refused by the database.
"""

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.utils.ipv6 import clean_ipv6_address

GENESIS = ""
# Every stored field but the id and the chain's own columns, by attribute name.
FIELDS = ("ts", "actor_id", "actor_name", "action", "result", "object_type", "object_id", "case_id",
          "org_path", "before", "after", "ip", "user_agent", "request_id")
CHAIN_LOCK = 0x5041_5254_5944_4556  # pg_advisory_xact_lock key ("PARTYDEV")


def _json(value):
    # The value as the JSON column gives it back: a round trip turns tuples into lists and keys into
    # strings; the caller sorts keys.
    return None if value is None else json.loads(json.dumps(value))


def _ip(value):
    if not value:
        return None
    value = str(value)
    return clean_ipv6_address(value) if ":" in value else value


def _int(value):
    return None if value is None else int(value)


def _str(value):
    return "" if value is None else str(value)


def canonical(values: dict) -> bytes:
    """One event's fields (attribute names of FIELDS) as bytes that do not depend on the database
    they were read from: UTC timestamps with microseconds, ids as integers, JSON with sorted keys."""
    ts = values["ts"]
    ts = ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)
    fields = {
        "ts": ts.isoformat(timespec="microseconds"),
        "actor_id": _int(values["actor_id"]),
        "case_id": _int(values["case_id"]),
        "before": _json(values["before"]),
        "after": _json(values["after"]),
        "ip": _ip(values["ip"]),
    }
    for name in ("actor_name", "action", "result", "object_type", "object_id", "org_path", "user_agent",
                 "request_id"):
        fields[name] = _str(values[name])
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link(prev_hash: str, values: dict) -> str:
    """The hash of an event whose predecessor's hash is `prev_hash`."""
    key = settings.AUDIT_CHAIN_KEY.encode()
    return hmac.new(key, prev_hash.encode() + b"\n" + canonical(values), hashlib.sha256).hexdigest()


def values_of(event) -> dict:
    return {name: getattr(event, name) for name in FIELDS}


def lock_chain(connection) -> None:
    """Inside a transaction: wait until no other transaction is appending to the chain."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
