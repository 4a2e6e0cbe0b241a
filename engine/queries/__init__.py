"""Read models over the store: worklists, aggregates, eligible people. Rules live in engine.access."""
