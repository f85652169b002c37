"""Issue 11, forms: radio groups start with nothing chosen and offer no "---------" answer; every
radio or checkbox group is a fieldset with a legend; each attendance choice of the 支部党员大会 names
the member it belongs to; the section titles of the person page are headings."""

import pytest
import tinyhtml5
from django.urls import reverse

from partydev.orgs.models import Member, MemberType
from partydev.pc.record_kinds import RECORD_KINDS
from partydev.process.enums import MeetingPurpose
from partydev.webforms.records import ResolutionForm

pytestmark = pytest.mark.usefixtures("english")
NS = "{http://www.w3.org/1999/xhtml}"


class Page:
    """A rendered page, parsed, with the ancestors of every element at hand."""

    def __init__(self, response):
        assert response.status_code == 200, response.status_code
        self.root = tinyhtml5.parse(response.content.decode())
        self.parent = {child: node for node in self.root.iter() for child in node}

    def all(self, tag, **attrs):
        return [e for e in self.root.iter(NS + tag) if all(e.get(k) == v for k, v in attrs.items())]

    def ancestors(self, element):
        while element in self.parent:
            element = self.parent[element]
            yield element

    def text(self, element) -> str:
        return "".join(element.itertext()).strip()

    def label_of(self, control) -> str:
        """The text of the <label for=…> of a control, or of the <label> around it."""
        labels = [x for x in self.all("label") if x.get("for") == control.get("id")]
        labels += [a for a in self.ancestors(control) if a.tag == NS + "label"]
        return " ".join(self.text(x) for x in labels)

    def legend_of(self, control) -> str:
        fieldsets = [a for a in self.ancestors(control) if a.tag == NS + "fieldset"]
        assert fieldsets, f"{control.get('name')} is not in a fieldset"
        legends = [e for e in fieldsets[0] if e.tag == NS + "legend"]
        assert legends and self.text(legends[0]), f"the fieldset of {control.get('name')} has no legend"
        return self.text(legends[0])

    def choices(self):
        """The radios and checkboxes of the page's main form (a lone yes/no checkbox is not a group)."""
        lone = [e for d in self.all("div", **{"class": "mb-3 form-check"}) for e in d]
        form = self.all("main")[0].iter(NS + "input")
        return [e for e in form if e.get("type") in ("radio", "checkbox") and e not in lone]


@pytest.mark.parametrize("slug", RECORD_KINDS)
def test_every_record_form_groups_its_choices_under_a_legend_with_nothing_chosen(stages_world, login, slug):
    case = stages_world.people[RECORD_KINDS[slug].stage]
    page = Page(login(stages_world.branch_admin).get(reverse("pc:record_new", args=[case.public_id, slug])))
    radios = [e for e in page.choices() if e.get("type") == "radio"]
    for control in page.choices():
        assert page.legend_of(control)
        assert page.label_of(control), f"{slug}: {control.get('name')}={control.get('value')} has no label"
    assert all(r.get("value") for r in radios), f"{slug}: a radio group offers an empty answer"
    assert not [r for r in radios if r.get("checked") is not None], f"{slug}: a radio is chosen in advance"
    assert "---------" not in [page.label_of(r) for r in radios]


@pytest.mark.parametrize("slug, field", [("resolutions", "result"), ("notices", "result"),
                                         ("reviews", "conclusion"), ("trainings", "mode")])
def test_a_radio_group_from_a_model_field_drops_the_blank_choice_and_requires_an_answer(stages_world, slug, field):
    case = stages_world.people[RECORD_KINDS[slug].stage]
    kind = RECORD_KINDS[slug]
    form = kind.form(data={}, instance=kind.model(case=case, **kind.fixed),
                     **({"roster": []} if kind.needs_roster else {}))
    assert "" not in [value for value, _label in form.fields[field].choices]
    assert form.fields[field].required
    assert not form.is_valid() and field in form.errors


def test_the_resolution_form_renders_its_result_without_an_empty_or_chosen_radio(stages_world):
    html = ResolutionForm(instance=RECORD_KINDS["resolutions"].model(case=stages_world.case))["result"]
    rendered = str(html)
    assert 'value=""' not in rendered and "---------" not in rendered and "checked" not in rendered


@pytest.mark.parametrize("purpose", [MeetingPurpose.ADMISSION, MeetingPurpose.CONVERSION])
def test_each_attendance_choice_names_its_member_and_every_group_has_a_legend(stages_world, login, purpose):
    case = stages_world.people["target" if purpose == MeetingPurpose.ADMISSION else "probationary"]
    page = Page(login(stages_world.branch_admin).get(reverse("pc:meeting_new", args=[case.public_id, purpose])))
    by_pk = dict(Member.objects.filter(branch=case.branch, active=True, member_type=MemberType.FULL)
                 .values_list("pk", "name"))
    assert by_pk
    groups = set()
    for control in page.choices():
        legend = page.legend_of(control)
        name = control.get("name")
        groups.add(name)
        if name.startswith("status_"):
            member = by_pk[int(name.removeprefix("status_"))]
            assert member in legend
            assert page.label_of(control).startswith(f"{member}："), page.label_of(control)
    assert {f"status_{pk}" for pk in by_pk} <= groups
    assert {"voting_method", "voted_alone"} <= groups
    assert ("outcome" in groups) == (purpose == MeetingPurpose.CONVERSION)
    for reason in page.all("input"):
        if (reason.get("name") or "").startswith("reason_"):
            assert by_pk[int(reason.get("name").removeprefix("reason_"))] in page.label_of(reason)


@pytest.mark.parametrize("stage", ["applicant", "activist", "target", "probationary", "full"])
def test_the_section_titles_of_the_person_page_are_headings(stages_world, login, stage):
    case = stages_world.people[stage]
    page = Page(login(stages_world.branch_admin).get(reverse("pc:case_detail", args=[case.public_id])))
    headers = [e for e in page.root.iter(NS + "div") if "card-header" in (e.get("class") or "").split()]
    assert headers
    for header in headers:
        first = next(iter(header), None)
        assert first is not None and first.tag == NS + "h2", page.text(header)


@pytest.mark.parametrize("url_name, stage", [("pc:contacts_edit", "activist"), ("pc:introducers_edit", "target")])
def test_the_member_pickers_group_their_checkboxes_under_legends(stages_world, login, url_name, stage):
    case = stages_world.people[stage]
    page = Page(login(stages_world.branch_admin).get(reverse(url_name, args=[case.public_id])))
    boxes = page.choices()
    assert boxes
    for box in boxes:
        assert page.legend_of(box)
        assert page.label_of(box)
