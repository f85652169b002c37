"""The 导入 pages: template download, upload → preview → confirm, discard, undo; scope (404 outside
it), bad input, and a constant query count on the batches list."""

from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partydev.cases.models import Case
from partydev.cases.selectors.ledger import columns as ledger_columns
from partydev.imports.models import BatchStatus, ImportBatch
from partydev.imports.people import PEOPLE

from .conftest import id_number, person, run_import, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(client, data, name="people.xlsx"):
    return client.post(reverse("pc:import_list"), {"file": SimpleUploadedFile(name, data, content_type=XLSX)})


def test_template_download(iw, client):
    client.force_login(iw.users["branch1"])
    response = client.get(reverse("pc:import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames[:2] == ["说明", "发展党员"]
    ws = wb["发展党员"]
    headers = [c.value for c in ws[1]]
    ledger = {str(c.label) for c in ledger_columns()}
    assert {"姓名", "身份证号", "党支部", "收到入党申请书日期", "谈话日期", "确定为入党积极分子日期"} <= ledger & set(headers)
    assert headers == [str(c.label) for c in PEOPLE.columns]
    lists = {str(dv.sqref).split(":")[0][0] for dv in ws.data_validations.dataValidation}
    assert {"C", "D", "G", "I"} <= lists  # gender, ethnicity, education, branch
    assert wb["lists"]["I1"].value == "示范党委/第一党支部"  # only the branches the user administers
    assert wb["lists"]["I2"].value is None
    assert ws["A2"].value.endswith("（示例）") and ws["A7"].value.endswith("（示例）") and ws["A8"].value is None


def test_upload_preview_confirm_and_see_the_people(iw, client):
    user = iw.users["migrator"]
    client.force_login(user)
    bad = id_number("19980101", 5)[:-1] + "0"
    data = workbook(user, [person(1), person(2, talk=date(2026, 1, 20)),
                           person(3, id_number=bad if bad != id_number("19980101", 5) else bad[:-1] + "1")])
    response = _upload(client, data)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pc:import_detail", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "第4行 身份证号：" in page and "校验" in page
    assert Case.objects.count() == 0
    response = client.post(reverse("pc:import_confirm", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.created_count == 2
    listing = client.get(reverse("pc:applicant_list")).content.decode()
    assert person(1)["name"] in listing and person(2)["name"] in listing
    assert person(1)["id_number"] not in client.get(reverse("pc:import_detail", args=[batch.pk]) + "?show=all"
                                                    ).content.decode()


def test_bad_input_writes_nothing(iw, client):
    client.force_login(iw.users["branch1"])
    response = client.post(reverse("pc:import_list"), {})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert not ImportBatch.objects.exists()
    _upload(client, b"not a workbook", "x.xlsx")
    batch = ImportBatch.objects.get()
    page = client.get(reverse("pc:import_detail", args=[batch.pk])).content.decode()
    assert batch.status == BatchStatus.REJECTED and "文件被拒绝，未写入任何数据。" in page
    assert Case.objects.count() == 0


def test_discard(iw, client):
    user = iw.users["branch1"]
    client.force_login(user)
    _upload(client, workbook(user, [person(1)]))
    batch = ImportBatch.objects.get()
    client.post(reverse("pc:import_discard", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DISCARDED and batch.payload == ""
    assert client.post(reverse("pc:import_confirm", args=[batch.pk])).status_code == 302
    assert Case.objects.count() == 0


def test_scope_and_roles(iw, client):
    user = iw.users["branch1"]
    client.force_login(user)
    _upload(client, workbook(user, [person(1), person(2, branch="第二党支部")]))
    batch = ImportBatch.objects.get()
    page = client.get(reverse("pc:import_detail", args=[batch.pk])).content.decode()
    assert "“第二党支部”不在您管理的党支部范围内" in page
    for other in ("branch2", "other", "auditor"):
        client.force_login(iw.users[other])
        assert client.get(reverse("pc:import_detail", args=[batch.pk])).status_code == 404
        assert client.post(reverse("pc:import_confirm", args=[batch.pk])).status_code == 404
    client.force_login(iw.users["auditor"])
    assert client.get(reverse("pc:import_list")).status_code == 404
    # The committee sees the batch of a branch below it, but only the importer confirms.
    client.force_login(iw.users["committee"])
    assert client.get(reverse("pc:import_detail", args=[batch.pk])).status_code == 200
    assert client.post(reverse("pc:import_confirm", args=[batch.pk])).status_code == 404
    assert Case.objects.count() == 0


def test_undo_pages(iw, client):
    user = iw.users["migrator"]
    batch = run_import(user, workbook(user, [person(1)]))
    client.force_login(user)
    page = client.get(reverse("pc:import_undo", args=[batch.pk])).content.decode()
    assert "撤销将删除此次导入新增的 1 人" in page
    client.post(reverse("pc:import_undo", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE
    assert client.get(reverse("pc:import_undo", args=[batch.pk])).status_code == 404


def test_undo_page_lists_what_blocks(iw, client):
    from partydev.demo import entries

    user = iw.users["migrator"]
    batch = run_import(user, workbook(user, [person(1)]))
    case = Case.objects.get()
    entries.talk(case, iw.users["branch1"], date(2026, 1, 10))
    client.force_login(user)
    page = client.post(reverse("pc:import_undo", args=[batch.pk])).content.decode()
    assert "不能撤销此导入" in page and case.name in page
    assert Case.objects.filter(erased_at__isnull=True).count() == 1


def test_batches_list_query_count_is_constant(iw, client):
    user = iw.users["branch1"]
    client.force_login(user)
    url = reverse("pc:import_list")

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    _upload(client, b"x")
    one = count()
    for _ in range(5):
        _upload(client, b"x")
    assert count() == one


def test_a_committee_administrator_alone_is_told_who_enters_people(iw, client):
    user = iw.users["committee"]
    client.force_login(user)
    _upload(client, workbook(iw.users["branch1"], [person(1)]))
    batch = ImportBatch.objects.get()
    page = client.get(reverse("pc:import_detail", args=[batch.pk])).content.decode()
    assert "人员须由党支部管理员录入：您管理的是“第一党支部”的上级党委" in page
    assert Case.objects.count() == 0


def test_the_template_holds_nobody(iw, client):
    from partydev.demo import entries

    user = iw.users["branch1"]
    case = entries.paper(user, iw.orgs["第一党支部"], {"name": "真实人员", "ethnicity": "汉族",
                                                      "id_number": id_number("19900101", 3), "phone": "13811112222",
                                                      "education": "bachelor", "work_unit": "单位"}, date(2026, 1, 5))
    client.force_login(user)
    content = client.get(reverse("pc:import_template")).content
    wb = load_workbook(BytesIO(content))
    text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    assert case.name not in text and case.id_number not in text and case.phone not in text


def test_a_running_batch_shows_its_progress(iw, client):
    user = iw.users["branch1"]
    batch = ImportBatch.objects.create(sheet="people", file_name="big.xlsx", sha256="1" * 64, importer=user,
                                       scope_org=iw.orgs["第一党支部"], org_path=iw.orgs["第一党支部"].path,
                                       status=BatchStatus.CONFIRMING, progress_done=150, progress_total=600)
    client.force_login(user)
    page = client.get(reverse("pc:import_detail", args=[batch.pk])).content.decode()
    assert 'id="import-progress"' in page and 'value="150"' in page and "150 / 600" in page
    assert "js/import-progress" in page and "正在导入" in page
    assert client.get(reverse("pc:import_progress", args=[batch.pk])).json()["running"] is True
