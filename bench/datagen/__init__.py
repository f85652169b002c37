"""Deterministic benchmark data (issue 4): a university (T1) or a province (T2) of branches, people
at every point of part 一 and 二, their records, history, audit events and derived deadlines.
`manage.py generate_data` (management/commands/generate_data.py) runs it; the app is installed
outside production only (config/settings.py).

Rows are written straight into the tables of the site's models (names, columns and defaults come
from the models' _meta): with COPY on PostgreSQL and executemany on SQLite, because building model
instances and going through the services would take hours at a million cases. What the services
would add is reproduced here: the blind index and the encryption of 身份证号 and phone (same crypto
functions, in this process), StageChange history and AuditEvent rows for every service call, the
filing's warnings from process.checks, and Deadline rows from process.deadlines.due_items() over an
in-memory CaseFacts of the very records written. tests/bench/test_generator.py checks the result
against the real services.

Randomness comes from one random.Random(seed) consumed in a fixed order, so the same seed, tier,
scale and `today` give the same rows. Only the ciphertexts differ between runs: Fernet uses a random
IV by design.

Modules: generation (the whole run, in order), tiers, tree (organisations), people (names, ID
numbers, phones), roster (accounts, grants, rosters, places), case (one case, its dates and
deadlines) with applicants (part 一 records) and activists (part 二 records), writers (tables,
COPY / executemany), weights (weighted draws).
"""
