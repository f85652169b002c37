from datetime import date

from partydev.cases.models import Case
from partydev.imports.services import batch_upload, check_batch, confirm_batch, confirm_start, rows_of

from .conftest import person, workbook


def test_smoke(iw):
    user = iw.users["migrator"]
    data = workbook(user, [person(1), person(2, talk=date(2026, 1, 20)),
                           person(3, received=date(2025, 1, 5), talk="2025/1/20", activist_since="2025年3月10日",
                                  contacts="王建国、李红梅")])
    batch = batch_upload(importer=user, file_name="a.xlsx", data=data)
    batch = check_batch(batch)
    print(batch.status, batch.message, rows_of(batch))
    assert batch.error_rows == 0
    batch = confirm_batch(confirm_start(batch=batch, actor=user))
    print(rows_of(batch))
    assert Case.objects.count() == 3
    print(list(Case.objects.values_list("stage", flat=True)))
