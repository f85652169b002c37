"""From a validated record form to the typed call of the records service: it lives in
partydev.webforms.saving (the Excel import saves record forms too, and sits below pc)."""

from partydev.webforms.saving import form_data, save_record_form

__all__ = ["form_data", "save_record_form"]
