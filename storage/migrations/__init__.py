"""PostgreSQL schema migrations: ``NNN_name.sql``, applied in order at start-up.

Each file runs once, in one transaction, and is recorded in ``schema_migrations``. Never
edit a file that was released; add the next number instead.
"""
