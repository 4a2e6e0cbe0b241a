"""Who may do what and see what: rules only, no database (the queries live in engine.queries)."""
