"""Decision letters: a catalogue of decision types, typed contexts, Jinja templates, PDF rendering.

Imports engine/ (deadlines, views); engine/ never imports this package.
"""
