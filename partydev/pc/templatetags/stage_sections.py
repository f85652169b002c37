"""The steps 7–25 sections of the person page. case_detail (views/applicants.py) builds the context of
parts 一 and 二; these tags add what the sections of steps 7–25 need, from the same CaseFacts, so the
page loads the records once."""

from django import template

from partydev.pc.sections import membership_context, target_context

register = template.Library()


@register.simple_tag(takes_context=True)
def membership_sections(context):
    return membership_context(context["user"], context["case"], context["facts"], context["today"])


@register.simple_tag(takes_context=True)
def target_section(context):
    return target_context(context["user"], context["case"], context["facts"], context["today"])
