"""Marshmallow schemas for every user task and inbound message, grouped by who fills them in."""
