"""Who runs an operator command (manage.py grant_role, backup, restore, rotate_keys): the OS login,
recorded as the audit event's actor name `os:<login>` (there is no user of the site behind it)."""

import getpass
import os


def os_actor() -> str:
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = str(os.getuid()) if hasattr(os, "getuid") else "unknown"
    return f"os:{login}"[:150]
