"""Index the folded search text so catalog search does not scan the table.

SQLite: an FTS5 trigram index kept in step by triggers (substring matches for terms of three
letters or more). PostgreSQL: trigram GIN indexes that serve LIKE '%term%' directly.
"""

from django.db import migrations

LANGUAGES = ["vi", "en"]
COLUMNS = ", ".join(f"search_text_{code}" for code in LANGUAGES)
OLD = ", ".join(f"old.search_text_{code}" for code in LANGUAGES)
NEW = ", ".join(f"new.search_text_{code}" for code in LANGUAGES)

SQLITE = [
    f"""CREATE VIRTUAL TABLE methods_method_search USING fts5(
        {COLUMNS}, content='methods_method', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER methods_method_search_insert AFTER INSERT ON methods_method BEGIN
        INSERT INTO methods_method_search(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END""",
    f"""CREATE TRIGGER methods_method_search_delete AFTER DELETE ON methods_method BEGIN
        INSERT INTO methods_method_search(methods_method_search, rowid, {COLUMNS})
        VALUES ('delete', old.id, {OLD}); END""",
    f"""CREATE TRIGGER methods_method_search_update AFTER UPDATE ON methods_method BEGIN
        INSERT INTO methods_method_search(methods_method_search, rowid, {COLUMNS})
        VALUES ('delete', old.id, {OLD});
        INSERT INTO methods_method_search(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END""",
    "INSERT INTO methods_method_search(methods_method_search) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER methods_method_search_insert",
    "DROP TRIGGER methods_method_search_delete",
    "DROP TRIGGER methods_method_search_update",
    "DROP TABLE methods_method_search",
]
POSTGRESQL = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] + [
    f"CREATE INDEX methods_method_search_{code} ON methods_method "
    f"USING gin (search_text_{code} gin_trgm_ops)"
    for code in LANGUAGES
]
POSTGRESQL_REVERSE = [f"DROP INDEX methods_method_search_{code}" for code in LANGUAGES]


def run(statements: dict):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("methods", "0003_optional_originator_and_authors")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
