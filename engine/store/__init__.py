"""Persistence: SQLAlchemy 2 tables, the unit of work (the only place commit() lives) and the event log."""
