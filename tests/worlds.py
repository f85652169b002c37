"""Shared test worlds: built once, kept while the tests that need them run, rolled back per test.

A "world" is the database state a group of tests starts from (the tree, rosters, accounts and
people of tests/conftest.py, the demo of partydev/demo, the dossier's full member, …). Building one
goes through the real services and costs seconds, so a world is not rebuilt for every module:

* `shared_world(key, build, django_db_blocker)` (used by the module-scoped world fixtures) builds
  the world inside an outer transaction the first time a module asks for `key` and keeps it while
  the following modules ask for the same `key`;
* each module then runs inside a savepoint on top of the world (rolled back when the module ends,
  so module-scoped fixtures that write, such as a rendered PDF's audit event, do not leak into the
  next module), and each test inside pytest-django's own savepoint on top of that (`db`);
* only one world lives in the database at a time (their usernames and organisations overlap): a
  module that asks for another world rolls the live one back first; a test that asks for none
  starts on an empty database unless an earlier test of its module asked for one (as when each
  module built its own world); every transactional test (`transactional_db`, `live_server`, e2e)
  starts on an empty, committed database.

`pytest_collection_modifyitems` in tests/conftest.py orders the modules so that those sharing a
world run one after the other (`group_modules_by_world`); each world is then built once per
session (once per xdist worker). Tests stay independent: every test still starts from exactly the
state a fresh build gives; the order of the modules changes how often a world is built, not what a
test sees.

Nothing here is specific to one world: the world fixtures say what they build.
"""

import copy
import os
from contextlib import contextmanager

from django.db import transaction

# TEST_WORLDS=per-module rebuilds every world for every module (as before the worlds were shared):
# slower, for telling a test that depends on another module's leftovers from a real failure.
PER_MODULE = os.environ.get("TEST_WORLDS") == "per-module"

# Fixture names that hold a shared world (module-scoped fixtures that use `shared_world`): the hooks
# below look for them to order the modules and to know when a module starts using its world.
WORLD_FIXTURES = {"_module_world", "_activist_world", "_demo_world", "_views_world", "meeting_world", "_stages_world"}


class _Live:
    """The world currently in the database: its key, the value its builder returned, and the outer
    transaction that holds it."""

    key = None
    value = None
    atomic = None
    blocker = None
    modules_open = 0  # module savepoints open on top of it


_live = _Live()


def drop_world() -> None:
    """Roll the live world back (if any): the next test starts from an empty database."""
    if _live.atomic is None:
        return
    with _live.blocker.unblock():
        transaction.set_rollback(True)
        _live.atomic.__exit__(None, None, None)
    _live.key = _live.value = _live.atomic = None


@contextmanager
def shared_world(key, build, django_db_blocker):
    """The world `key` (built by `build()` unless it is the live one), inside a savepoint for one
    module. Yields a private copy of what `build()` returned."""
    if _live.key != key or PER_MODULE:
        if _live.modules_open:
            raise RuntimeError(f"world {key!r} asked for while world {_live.key!r} is in use: one world per module")
        drop_world()
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                value = build()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        _live.key, _live.value, _live.atomic, _live.blocker = key, value, atomic, django_db_blocker
    with django_db_blocker.unblock():
        module_savepoint = transaction.atomic()
        module_savepoint.__enter__()
    _live.modules_open += 1
    try:
        yield copy.deepcopy(_live.value)
    finally:
        _live.modules_open -= 1
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_savepoint.__exit__(None, None, None)


# --- which modules use which world (for the hooks in tests/conftest.py) ---------------------------

def _world_of(item):
    """(module, name) of the world fixture definition `item` uses, or None."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    for name in sorted(WORLD_FIXTURES & set(item.fixturenames)):
        defs = info.name2fixturedefs.get(name)
        if defs:
            func = defs[-1].func
            return (func.__module__, func.__qualname__)
    return None


def _is_transactional(item):
    if {"transactional_db", "live_server", "django_db_serialized_rollback"} & set(item.fixturenames):
        return True
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback"))


def _uses_db(item):
    # A test without database access cannot see the live world, so it need not roll it back.
    return "_django_db_helper" in item.fixturenames or item.get_closest_marker("django_db") is not None


def group_modules_by_world(items):
    """Reorder `items` in place so that modules using the same world are adjacent (in the order the
    worlds first appear; modules keep their order otherwise and tests their order in a module)."""
    modules, order = {}, []
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        if module not in modules:
            modules[module] = []
            order.append(module)
        modules[module].append(item)
    first_seen, keyed = {}, []
    for index, module in enumerate(order):
        worlds = {w for w in map(_world_of, modules[module]) if w is not None}
        key = min(worlds) if worlds else None
        first_seen.setdefault(key, index)
        keyed.append((first_seen[key], index, module))
    items[:] = [item for _, _, module in sorted(keyed) for item in modules[module]]


class _Module:
    nodeid = None
    world_started = False  # has a test of this module asked for its world yet?


_module = _Module()


def before_test(item) -> None:
    """Called before each test's fixtures are set up. A test starts on an empty database, as it did
    when every module built its own world, unless an earlier test of its module asked for the world
    (that module-scoped world then stays, as it always did): so roll the live world back before a
    transactional test and before a database test that does not use it in a module that has not used
    it yet. A test that asks for another world gets it from `shared_world`."""
    module = item.nodeid.split("::", 1)[0]
    if module != _module.nodeid:
        _module.nodeid, _module.world_started = module, False
    if _world_of(item) is not None:
        _module.world_started = True
    if _live.atomic is None:
        return
    if _is_transactional(item):
        if _module.world_started:
            # Its module-scoped world would be gone for the module's later tests.
            raise RuntimeError(f"{item.nodeid}: a transactional test in a module that uses a shared world; "
                               "move it to a module of its own")
        drop_world()
    elif not _module.world_started and _uses_db(item):
        drop_world()

