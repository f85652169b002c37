"""Forms shared by the interfaces (PC and mobile sites): they validate input and hand typed data to
the services. Nothing below the interfaces imports them (import-linter contract in pyproject.toml)."""
