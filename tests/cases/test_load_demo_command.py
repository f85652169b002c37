"""`manage.py load_demo` loads only into an empty database; `--if-empty` makes a second run a no-op
(what `make run` relies on)."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.factories import db_state


def test_load_demo_if_empty_twice_does_not_duplicate(db):
    call_command("load_demo", "--if-empty", stdout=io.StringIO())
    before = db_state()
    out = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert db_state() == before
    assert "not loaded" in out.getvalue()


def test_load_demo_refuses_a_database_with_data(db):
    call_command("load_demo", stdout=io.StringIO())
    before = db_state()
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
    assert db_state() == before
