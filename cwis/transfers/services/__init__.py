"""Writes of the transfers module: drafted → approved → sent → received | returned, or
cancelled before sending. Each service that a view or the API calls checks role and scope
once (`rules.checked_transfer`: the transfer found in scope and locked in one query),
validates, then writes in one transaction with history.

- drafting.py: draft one child or a county institution's children; plan; archive manifest
- steps.py:    approve, send, return, cancel; the hukou migration report
- receipt.py:  the receipt (moves the child, settles the manifest and the ledger)
- ledger.py:   the property kept in trust
- rules.py:    the shared checks and the refusal messages
"""

from cwis.transfers.services.drafting import (
    transfer_archive_add,
    transfer_batch_draft,
    transfer_draft,
    transfer_update_plan,
)
from cwis.transfers.services.ledger import ledger_balance, property_entry_add
from cwis.transfers.services.receipt import transfer_receive
from cwis.transfers.services.rules import (
    MSG_ALREADY_RECEIVED,
    MSG_AMOUNT,
    MSG_CHILD_IN_TRANSFER,
    MSG_CHILD_NOT_IN_CARE,
    MSG_CHOOSE,
    MSG_DIFFERENCE_NOTE,
    MSG_HUKOU_NOT_MOVING,
    MSG_HUKOU_STAY_REASON,
    MSG_NO_CHILDREN,
    MSG_NO_RECEIVER,
    MSG_NOT_ADDRESSED,
    MSG_NOT_SENDER,
    MSG_NOT_TRANSFORMING,
    MSG_OUT_OF_ORDER,
    MSG_PROPERTY_TOTAL,
    MSG_REASON_REQUIRED,
    MSG_RECEIVER_KIND,
    MSG_TITLE_REQUIRED,
)
from cwis.transfers.services.steps import (
    transfer_approve,
    transfer_cancel,
    transfer_hukou_report,
    transfer_return,
    transfer_send,
)

__all__ = [
    "MSG_ALREADY_RECEIVED",
    "MSG_AMOUNT",
    "MSG_CHILD_IN_TRANSFER",
    "MSG_CHILD_NOT_IN_CARE",
    "MSG_CHOOSE",
    "MSG_DIFFERENCE_NOTE",
    "MSG_HUKOU_NOT_MOVING",
    "MSG_HUKOU_STAY_REASON",
    "MSG_NOT_ADDRESSED",
    "MSG_NOT_SENDER",
    "MSG_NOT_TRANSFORMING",
    "MSG_NO_CHILDREN",
    "MSG_NO_RECEIVER",
    "MSG_OUT_OF_ORDER",
    "MSG_PROPERTY_TOTAL",
    "MSG_REASON_REQUIRED",
    "MSG_RECEIVER_KIND",
    "MSG_TITLE_REQUIRED",
    "ledger_balance",
    "property_entry_add",
    "transfer_approve",
    "transfer_archive_add",
    "transfer_batch_draft",
    "transfer_cancel",
    "transfer_draft",
    "transfer_hukou_report",
    "transfer_receive",
    "transfer_return",
    "transfer_send",
    "transfer_update_plan",
]
