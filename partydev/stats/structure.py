"""The structure tables of the development report (gender, 汉族 / 少数民族, age bands, education): of the
people now in each stage, and of the year's new probationary members. Counted from the cases as the
flow is (partydev/stats/selectors.py: scope and history)."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from partydev.orgs.models import Organisation
from partydev.process.enums import STAGE_ORDER, Education, Gender

from .counters import NEW
from .events import AGE_BANDS, HAN, age_band, age_on
from .models import YEAR_PERIOD, StatsCount, StatsStageAge, StatsStock
from .selectors import live_cases_under, percent

# Above this many people in a scope the stages' age bands are not counted per request (decrypting every
# date of birth costs ~80 µs a person: 20,000 people ≈ 1.6 s) but read from what `manage.py stats_ages`
# materialised (nightly), or left out if it never ran; the year's new members' ages are counters.
AGE_LIMIT = 5000


def _blank_structure() -> dict:
    return {"total": 0, "gender": dict.fromkeys(Gender.values, 0), "han": 0, "minority": 0,
            "education": dict.fromkeys(Education.values, 0), "age": {k: 0 for k, *_r in AGE_BANDS},
            "young": 0}


def _count(s: dict, gender, ethnicity, education, n: int = 1) -> None:
    s["total"] += n
    s["gender"][gender] = s["gender"].get(gender, 0) + n
    s["han" if ethnicity == HAN else "minority"] += n
    s["education"][education] = s["education"].get(education, 0) + n


def _count_age(s: dict, born: date | None, on: date) -> None:
    if born is not None:
        age = age_on(born, on)
        s["age"][age_band(age)] += 1
        s["young"] += age <= 35


def _tally(rows) -> dict:
    """rows: (gender, ethnicity, education, birth_date, age on date) → one structure table column."""
    s = _blank_structure()
    for gender, ethnicity, education, born, on in rows:
        _count(s, gender, ethnicity, education)
        _count_age(s, born, on)
    return s


def structure_by_stage(org: Organisation, today: date) -> dict:
    """The people now in each stage: gender, 汉族 / 少数民族 and education read from the stock counters
    (counters.py); age today while the scope has at most AGE_LIMIT people: the date of birth is
    stored encrypted (docs/security.md), so ages are counted here, per request, row by row, after
    decryption. Above it, the ages `manage.py stats_ages` materialised (nightly; "ages_on")."""
    result = {s: _blank_structure() for s in STAGE_ORDER}
    for stage, gender, minority, education, n in (StatsStock.objects.filter(org_path=org.path, stage__in=STAGE_ORDER)
                                                  .values_list("stage", "gender", "minority", "education", "n")):
        _count(result[stage], gender, "" if minority else HAN, education, n)
    if sum(s["total"] for s in result.values()) > AGE_LIMIT:
        return _materialised_ages(org, result)
    people = live_cases_under(org).filter(stage__in=STAGE_ORDER)
    for stage, born in people.values_list("stage", "birth_date").iterator(chunk_size=2000):
        _count_age(result[stage], born, today)
    return result


def _materialised_ages(org: Organisation, result: dict) -> dict:
    """Above AGE_LIMIT people: the age bands `manage.py stats_ages` counted last night (each column's
    "ages_on" says when), or none ("—") if it has not run."""
    rows = list(StatsStageAge.objects.filter(org_path=org.path, stage__in=STAGE_ORDER)
                .values_list("stage", "band", "n", "counted_on"))
    for s in result.values():
        s["age"], s["young"] = dict.fromkeys(s["age"], 0 if rows else None), 0 if rows else None
    for stage, band, n, counted_on in rows:
        column = result[stage]
        column["ages_on"] = counted_on
        if band == "young":
            column["young"] = n
        else:
            column["age"][band] = n
    return result


def structure_of_new_members(org: Organisation, year: int) -> dict:
    """The people admitted as probationary members in `year`: the same table, ages on the admission
    date, read from the counters (the age band was counted when the person was)."""
    s = _blank_structure()
    for event, n in StatsCount.objects.filter(org_path=org.path, year=year, period=YEAR_PERIOD,
                                              event__startswith=NEW).values_list("event", "n"):
        kind, _sep, value = event[len(NEW):].partition(":")
        if kind == "g":
            s["gender"][value] = s["gender"].get(value, 0) + n
            s["total"] += n
        elif kind in ("han", "min"):
            s["han" if kind == "han" else "minority"] += n
        elif kind == "e":
            s["education"][value] = s["education"].get(value, 0) + n
        elif kind == "a":
            s["age"][value] += n
        elif kind == "young":
            s["young"] += n
    return s


def structure_rows(columns: dict) -> list[dict]:
    """The structure tables as rows (label, value per column, with the share of the column's total)."""
    def row(label, get, key=""):
        return {"key": key, "label": label,
                "cells": [{"n": get(s), "percent": percent(get(s), s["total"]) if get(s) is not None else None}
                          for s in columns.values()]}

    rows = [row(_("Total"), lambda s: s["total"], "total")]
    rows += [row(label, lambda s, g=g: s["gender"].get(g, 0), f"gender_{g}") for g, label in Gender.choices]
    rows += [row(_("Han"), lambda s: s["han"], "han"), row(_("Ethnic minorities"), lambda s: s["minority"], "minority")]
    rows += [row(label, lambda s, k=k: s["age"][k], f"age_{k}") for k, label, *_r in AGE_BANDS]
    rows.append(row(_("35 and under"), lambda s: s["young"], "young"))
    rows += [row(label, lambda s, e=e: s["education"].get(e, 0), f"education_{e}") for e, label in Education.choices]
    return rows


def structure_keys() -> list[str]:
    """The keys of `structure_rows`' rows, in order."""
    return [r["key"] for r in structure_rows({"x": _blank_structure()})]
