"""The only write path of 组织管理 and 党员名册: each service checks the actor's role and scope and
the rules itself, raises Refused with nothing written, and audits what it wrote."""

from .roster import (
    member_create,
    member_remove,
    member_transfer_in,
    member_transfer_out,
    member_transfer_within,
    member_update,
)
from .tree import branch_merge, org_create, org_dissolve, org_move, org_rename

__all__ = [
    "member_create", "member_remove", "member_transfer_in", "member_transfer_out", "member_transfer_within", "member_update",
    "branch_merge", "org_create", "org_dissolve", "org_move", "org_rename",
]
