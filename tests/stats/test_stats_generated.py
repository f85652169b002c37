"""The report's figures equal direct counts on a generated T0 set (bench/datagen: a tiny university
with applicants at every point of part 一, activists, returned filings and transfers), for the root,
every unit below it and a sample of branches."""

from datetime import date

import pytest

from bench.datagen.generation import Options, generate
from partydev.cases.models import Transfer
from partydev.orgs.models import Organisation, OrgKind
from partydev.process.enums import STAGE_ORDER
from partydev.stats import selectors as stats
from partydev.stats import structure as stats_structure
from tests.stats.direct import direct_flow, direct_stock

TODAY = date(2026, 11, 20)


@pytest.fixture
def generated(db):
    generate(Options(tier="T0", seed=5, today=TODAY, password="Bench@2026x"), out=lambda s: None)
    root = Organisation.objects.get(depth=1)
    branches = list(Organisation.objects.filter(kind=OrgKind.BRANCH).order_by("path"))
    return root, stats.child_units(root), branches[:: max(1, len(branches) // 5)]


def test_generated_flows_units_and_stock_equal_direct_counts(generated):
    root, units, branches = generated
    assert units and branches
    seen = dict.fromkeys(stats.EVENT_KEYS, 0)
    for year in (2024, 2025, 2026):
        for org in [root, *units, *branches]:
            flow, direct = stats.flow_of(org, year), direct_flow(org, year)
            for event in stats.EVENT_KEYS:
                assert flow.total[event] == len(direct[event][0]), (org.name, year, event)
                assert flow.by_month[event] == [len(direct[event][m]) for m in range(1, 13)], (org.name, year, event)
                seen[event] += flow.total[event]
        for row in stats.by_unit(root, year):
            assert row["counts"] == stats.flow_of(row["org"], year).total
    # The generated set has applications, acceptances and transfers between branches in these years.
    assert seen["applied"] and seen["activist"], seen
    if Transfer.objects.filter(transferred_on__year__in=(2024, 2025, 2026)).exists():
        assert seen["transfer_in"] and seen["transfer_out"], seen
    structure = stats_structure.structure_by_stage(root, TODAY)
    stock = direct_stock(root)
    assert {s: structure[s]["total"] for s in STAGE_ORDER} == {s: stock[s] for s in STAGE_ORDER}
    for row in stats.by_unit(root, TODAY.year):
        assert row["stock"] == {s: direct_stock(row["org"])[s] for s in STAGE_ORDER}
