"""Demo data for development (`manage.py load_demo`, run by `make run` on an empty database): two
committees, three branches with rosters, admin accounts and people at every point of the process.
Built through the same services the site uses, so the demo's records, history, deadlines and audit
events look exactly like real ones. Installed outside production only (config/settings.py): the
accounts share a password the README publishes.

Modules: world (the organisation tree, rosters, accounts), records (how the demo enters a paper
applicant and a record), applicants (part 一 people), activists (part 二 people), steps (steps 7–25
through the services, each on its own date), members (the people of steps 7–25), load (everything,
in order).
"""
