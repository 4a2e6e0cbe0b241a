"""Who may do what: role x action x case relation x case state (access.py), which parts of a case a
role sees (disclosure.py), and the links between people and cases the decisions rest on (parties.py)."""
