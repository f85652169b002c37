"""The steps 7–25 sections of the person page. case_detail (views/applicants.py) builds the context of
parts 一 and 二; these tags add what the sections of steps 7–25 need, from the same CaseFacts, so the
page loads the records once."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def membership_sections(context):
    from partydev.pc.views.membership import membership_context

    return membership_context(context["user"], context["case"], context["facts"], context["today"])


@register.simple_tag(takes_context=True)
def target_section(context):
    from partydev.pc.views.membership import target_context

    return target_context(context["user"], context["case"], context["facts"], context["today"])
