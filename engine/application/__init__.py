"""The application layer: every action a page, the API or the command line performs, as one function.

Each use case takes its dependencies (`Deps`, wired once by the composition root) and the actor, runs one
transaction and returns plain data (dataclasses, dicts of plain values): never an ORM row, a session or a
SpiffWorkflow object. The access table is asked first, by `access.authorize` for the action a route names
(who, which case, its state); a use case then checks what only it can know: the lane of the task
completed (`tasks`), the role a message is sent as (`messages`). The web layer parses requests and
renders these results; it imports no `engine.store` and opens no session.

One module per concern: access (who may ask about which case), signin, cases, tasks, messages,
parties, letters, audit (audited reads and the export), overviews (worklist, inboxes), admin (users
and model versions), timers_admin, figures (policy aggregates), training (the virtual clock) and
database (schema upgrade, log verification).
"""
