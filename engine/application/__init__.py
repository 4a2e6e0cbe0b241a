"""The application layer: every action a page, the API or the command line performs, as one function.

Each use case takes its dependencies (`Deps`, wired once by the composition root) and the actor, checks
the access table where the route could not, runs one transaction and returns plain data (dataclasses,
dicts of plain values): never an ORM row, a session or a SpiffWorkflow object. The web layer parses
requests and renders these results; it imports no `engine.store` and opens no session.

One module per concern: access (who may ask about which case), signin, cases, tasks, messages,
parties, letters, audit (audited reads and the export), overviews (worklist, inboxes), admin (users
and model versions), timers_admin, figures (policy aggregates), training (the virtual clock) and
database (schema upgrade, log verification).
"""
