"""组织管理 and 党员名册: the organisation tree and the branches' rosters, managed by their own
administrators (issue 12). Services are the only write path (docs/structure.md)."""
