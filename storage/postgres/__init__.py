"""The PostgreSQL store's parts: table layout (``tables``) and schema upgrades
(``migrations``). The store itself is ``storage.postgres_store.PostgresStore``."""
