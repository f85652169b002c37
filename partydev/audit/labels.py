"""Readable names for audit actions (the stored code stays stable and searchable)."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "auth.login": _("Logged in"),
    "auth.logout": _("Logged out"),
    "auth.session_expired": _("Logged out at the end of the maximum session lifetime"),
    "auth.login_failed": _("Failed login"),
    "auth.password_change": _("Changed password"),
    "auth.password_change_failed": _("Wrong current password when changing the password"),
    "auth.password_change_locked": _("Password change refused after too many wrong passwords"),
    "auth.2fa_enrolled": _("Turned on two-step verification"),
    "auth.2fa_disabled": _("Turned off two-step verification"),
    "auth.2fa_reset": _("Two-step verification reset by an administrator"),
    "auth.2fa_recovery_regenerated": _("Generated new recovery codes"),
    "auth.2fa_recovery_used": _("Logged in with a recovery code"),
    "auth.2fa_failed": _("Wrong two-step verification code"),
    "password_reset.issue": _("Generated a password reset link"),
    "password_reset.use": _("Set a new password with a reset link"),
    "password_reset.refused": _("Opened a used, expired or replaced password reset link"),
    "audit.read": _("Read the audit log"),
    "role.granted": _("Granted a role"),
    "role.revoked": _("Revoked a role"),
    "account.created": _("Created an account"),
    "account.deactivated": _("Deactivated an account"),
    "account.reactivated": _("Reactivated an account"),
    "account.unlocked": _("Unlocked an account after failed logins"),
    "ops.backup": _("Backed up the database and attachments (operator)"),
    "ops.restore": _("Restored a backup (operator)"),
    "ops.rotate_keys": _("Re-encrypted the personal data with the newest key (operator)"),
    "case.register": _("Registered with a QR code"),
    "case.create_paper": _("Entered a paper application"),
    "case.activist_accepted": _("Became an activist"),
    "case.returned_letter": _("Returned for re-filing (application letter)"),
    "case.returned_filing": _("Returned for re-filing (applicant stage)"),
    "case.returned_activist": _("Returned for re-filing (activist stage)"),
    "case.transfer": _("Transferred in"),
    "case.transfer_out": _("Transferred out"),
    "letter.submit": _("Submitted the application letter"),
    "letter.approved": _("Approved the application letter"),
    "letter.returned": _("Returned the application letter"),
    "filing.submit": _("Filed with the Party committee"),
    "filing.accept": _("Accepted a filing"),
    "filing.return": _("Returned a filing"),
    "registration_code.create": _("Created a registration QR code"),
    "registration_code.revoke": _("Revoked a registration QR code"),
    "contacts.set": _("Appointed cultivation contacts"),
    "thoughtreport.submit": _("Submitted a thought report"),
    "thoughtreport.read": _("Marked a thought report as read"),
    "attachment.download": _("Downloaded an attachment"),
    "dossier.download": _("Printed the whole-process record"),
    "ledger.download": _("Exported the ledger"),
    "introducers.set": _("Determined the introducers"),
    "filing.reject": _("Did not pass / did not approve a request"),
    "case.probation_extended": _("Extended the probation"),
    "case.target_accepted": _("Became a development target"),
    "case.admitted": _("Became a probationary member"),
    "case.converted": _("Became a full member"),
    "case.probation_cancelled": _("Probationary membership cancelled"),
    # 党员名册 and 组织管理 (partydev/structure).
    "member.create": _("Added a member to the roster"),
    "member.update": _("Edited a member on the roster"),
    "member.transfer_in": _("Transferred a member in from outside the system"),
    "member.transfer_within": _("Transferred a member to another branch"),
    "member.transfer_out": _("Transferred a member out of the system"),
    "member.remove": _("Removed a member added by mistake"),
    "org.create": _("Created an organisation"),
    "org.rename": _("Renamed an organisation"),
    "org.dissolve": _("Dissolved an organisation"),
    "org.move": _("Moved an organisation"),
    "org.merge": _("Merged a branch into another"),
    "case.branch_merged": _("Moved with the merger of the branch"),
    "case.erase": _("Removed a person entered by mistake"),
    "import.template": _("Downloaded the import template"),
    "import.upload": _("Uploaded a file to import"),
    "import.refused": _("Import file refused"),
    "import.confirm": _("Confirmed an import"),
    "import.discard": _("Discarded an import"),
    "import.row": _("Imported from Excel"),
    "import.undo": _("Undid an import"),
    "import.export": _("Exported in the import's format"),
}
VERBS = {"create": _("Created"), "update": _("Edited"), "delete": _("Deleted")}


def action_label(code: str) -> str:
    if code in ACTIONS:
        return str(ACTIONS[code])
    model_name, _sep, verb = code.partition(".")
    if verb in VERBS:
        for model in apps.get_app_config("cases").get_models():
            if model._meta.model_name == model_name:
                return f"{VERBS[verb]}{model._meta.verbose_name}"
    return code
