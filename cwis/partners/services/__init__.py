"""Writes of the partners module: sending a request (requests.py), answering it child by
child on the page, through the API or by an Excel list (answers.py), and what a done answer
changes on the child's file (effects.py)."""

from cwis.partners.services.answers import item_answer, request_answers_import
from cwis.partners.services.requests import request_send

__all__ = ["item_answer", "request_answers_import", "request_send"]
