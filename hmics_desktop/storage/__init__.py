"""The plan database: peewee models on SQLite, migrations, and plan reads and writes."""
