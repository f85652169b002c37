"""Walking the audit log's hash chain (partydev/audit/chain.py) for `manage.py audit_verify`.

The events are read in id order as plain tuples through a streaming cursor (``iterator``), so
memory stays flat however long the log is; each event costs one HMAC. The first fault is reported:

- **changed**: an event no longer matches its own hash, and the next event still points at that
  hash (it was part of the chain; its content or its link was altered);
- **removed**: an event matches its own hash but points at a hash that is not its predecessor's
  (one or more events before it are gone; also when the first events are gone);
- **inserted**: an event that is not part of the chain: it does not match its hash or link, and
  the event after it points at the event before it.

Removing the newest events leaves a shorter, valid chain. Against that, record the head the command
prints somewhere outside the database (a ticket, the operations log) and pass it back with
``--anchor``: the check then fails if that event is no longer in the chain.
"""

from dataclasses import dataclass

from . import chain
from .models import AuditEvent

COLUMNS = ("id", "prev_hash", "hash", *chain.FIELDS)


@dataclass(frozen=True)
class Fault:
    kind: str  # "changed", "removed", "inserted" or "truncated"
    event_id: int | None
    after_id: int | None  # the last good event before it (None: at the start)
    detail: str


@dataclass(frozen=True)
class Report:
    count: int
    head_id: int | None
    head_hash: str
    fault: Fault | None


def _row(values) -> tuple[int, str, str, dict]:
    event_id, prev_hash, own_hash, *fields = values
    return event_id, prev_hash or "", own_hash or "", dict(zip(chain.FIELDS, fields, strict=True))


def verify(*, using: str = "default", anchor: str = "", chunk_size: int = 5000) -> Report:
    rows = (_row(v) for v in AuditEvent.objects.using(using).order_by("id").values_list(*COLUMNS)
            .iterator(chunk_size=chunk_size))
    expected, good_id, count, anchor_seen = chain.GENESIS, None, 0, not anchor
    for event_id, prev_hash, own_hash, fields in rows:
        self_ok = chain.link(prev_hash, fields) == own_hash
        if self_ok and prev_hash == expected:
            expected, good_id = own_hash, event_id
            count += 1
            anchor_seen = anchor_seen or own_hash == anchor
            continue
        following = next(rows, None)
        fault = _classify(event_id, prev_hash, own_hash, self_ok, expected, good_id, following)
        return Report(count=count, head_id=good_id, head_hash=expected, fault=fault)
    if not anchor_seen:
        fault = Fault("truncated", None, good_id,
                      f"the anchored event {anchor} is not in the chain: the newest events were removed")
        return Report(count=count, head_id=good_id, head_hash=expected, fault=fault)
    return Report(count=count, head_id=good_id, head_hash=expected, fault=None)


def _classify(event_id, prev_hash, own_hash, self_ok, expected, good_id, following) -> Fault:
    where = f"after event {good_id}" if good_id is not None else "at the start of the log"
    if following is not None:
        _next_id, next_prev, _next_hash, _fields = following
        if next_prev == expected:
            return Fault("inserted", event_id, good_id,
                         f"event {event_id} is not part of the chain: inserted {where}")
        if not self_ok and next_prev == own_hash:
            return Fault("changed", event_id, good_id, f"event {event_id} does not match its hash: changed")
    if self_ok:
        return Fault("removed", event_id, good_id,
                     f"event {event_id} does not follow its predecessor: events removed {where}")
    return Fault("changed", event_id, good_id,
                 f"event {event_id} does not match its hash: changed (or, as the newest event, inserted)")
