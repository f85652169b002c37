"""Journey (issue 12): a committee administrator of an empty site (its 党委 and nothing below) builds its
structure from Excel in the browser: the 组织 sheet (a 党总支, two 党支部, a 党小组; a parent created by
a row above its children), preview, confirm; then the 党员名册 sheet into the new branches, recognised
from the file; 组织管理 and 党员名册 show the result."""

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from playwright.sync_api import expect

from partydev.demo.world import DEMO_PASSWORD
from partydev.orgs.models import Member, Organisation, OrgKind, Role, RoleGrant
from tests.e2e.helpers import contains, expect_chinese, label

pytestmark = pytest.mark.e2e

TREE = [
    ("示范党委", "党总支", "机关党总支"),
    ("机关党总支", "党支部", "机关第一党支部"),
    ("机关第一党支部", "党小组", "第一党小组"),
    ("示范党委", "党支部", "学生党支部"),
]
ROSTER = [
    ("周建华", "机关第一党支部", "正式党员", "2005-07-01", "2006-07-01", "第一党小组", "支部书记"),
    ("吴丽", "机关第一党支部", "正式党员", "2012-06-20", "2013-06-20", None, None),
    ("郑小明", "学生党支部", "预备党员", "2026-06-01", None, None, None),
]


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    """An empty site: the 党委 and its administrator (the operator's `grant_role`), nothing else."""
    settings.MEDIA_ROOT = tmp_path / "media"
    root = Organisation.add_root(name="示范党委", kind=OrgKind.COMMITTEE)
    user = get_user_model().objects.create_user(username="committee", password=DEMO_PASSWORD)
    RoleGrant.objects.create(user=user, role=Role.COMMITTEE_ADMIN, org=root)
    return {"orgs": {"示范党委": root}, "users": {"committee": user}}


def _only(template: bytes, sheet: str, rows) -> bytes:
    """The template with every example row removed and `rows` in `sheet`."""
    wb = load_workbook(BytesIO(template))
    for title in ("发展党员", "党员名册", "组织"):
        wb[title].delete_rows(2, wb[title].max_row)
    for row in rows:
        wb[sheet].append(list(row))
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _template(page, tmp_path):
    with page.expect_download() as download:
        page.locator("#download-template").click()
    path = tmp_path / "template.xlsx"
    download.value.save_as(path)
    return path.read_bytes()


def test_an_empty_site_gets_its_structure_and_rosters_from_excel(journey, tmp_path):
    admin = journey.pc_page("committee")
    admin.locator("nav.sidebar").get_by_role("link", name=label("组织管理", "Organisation management")).click()
    expect(admin.locator("main table tbody tr")).to_have_count(1)  # the 党委 alone
    journey.shot(admin, "empty-tree")

    # 导入 → the template → the 组织 sheet filled in, chosen in the form.
    admin.locator("nav.sidebar").get_by_role("link", name=label("导入", "Excel import")).click()
    expect_chinese(admin)
    tree_file = tmp_path / "组织.xlsx"
    tree_file.write_bytes(_only(_template(admin, tmp_path), "组织", TREE))
    admin.locator("select[name=sheet]").select_option("tree")
    admin.locator("input[name=file]").set_input_files(str(tree_file))
    journey.shot(admin, "upload-tree")
    admin.locator("#upload").click()
    expect(admin.locator("#count-created")).to_have_text("4")
    expect(admin.locator("#count-errors")).to_have_text("0")
    admin.get_by_role("link", name=label("全部行", "All rows")).click()
    expect(admin.locator("#import-rows thead")).to_contain_text(contains("上级组织", "Parent organisation"))
    expect(admin.locator("#row-4")).to_contain_text("机关第一党支部")  # its parent: created by row 3
    expect_chinese(admin)
    journey.shot(admin, "tree-preview")
    assert not Organisation.objects.filter(name="机关党总支").exists()  # nothing written before confirming
    admin.locator("#confirm-import").click()
    expect(admin.locator("#import-done")).to_be_visible()
    general = Organisation.objects.get(name="机关党总支")
    assert general.kind == OrgKind.GENERAL_BRANCH
    assert Organisation.objects.get(name="第一党小组").get_parent().name == "机关第一党支部"

    admin.locator("nav.sidebar").get_by_role("link", name=label("组织管理", "Organisation management")).click()
    expect(admin.locator("main table tbody tr")).to_have_count(5)
    expect(admin.locator("main table")).to_contain_text("学生党支部")
    journey.shot(admin, "tree-after")
    # 导出（导入格式）: the same rows come back as the 组织 sheet.
    with admin.expect_download() as download:
        admin.locator("#tree-export").click()
    exported = tmp_path / "export.xlsx"
    download.value.save_as(exported)
    rows = [[c.value for c in r] for r in load_workbook(exported)["组织"].iter_rows(min_row=2)]
    assert rows == [["示范党委", "党总支", "机关党总支"], ["示范党委/机关党总支", "党支部", "机关第一党支部"],
                    ["示范党委/机关党总支/机关第一党支部", "党小组", "第一党小组"], ["示范党委", "党支部", "学生党支部"]]

    # The rosters: a fresh template (its lists now hold the new branches); the sheet recognised.
    admin.locator("nav.sidebar").get_by_role("link", name=label("导入", "Excel import")).click()
    roster_file = tmp_path / "党员名册.xlsx"
    roster_file.write_bytes(_only(_template(admin, tmp_path), "党员名册", ROSTER))
    admin.locator("input[name=file]").set_input_files(str(roster_file))
    admin.locator("#upload").click()
    expect(admin.locator("#count-created")).to_have_text("3")
    expect(admin.locator("#count-errors")).to_have_text("0")
    journey.shot(admin, "roster-preview")
    admin.locator("#confirm-import").click()
    expect(admin.locator("#import-done")).to_be_visible()
    assert Member.objects.get(name="周建华").group.name == "第一党小组"

    admin.locator("nav.sidebar").get_by_role("link", name=label("党员名册", "Party member roster")).click()
    admin.locator("main").get_by_role("link", name="机关第一党支部").click()
    expect(admin.locator("main table")).to_contain_text("周建华")
    expect(admin.locator("main table")).to_contain_text("吴丽")
    expect_chinese(admin)
    journey.shot(admin, "roster-after")
