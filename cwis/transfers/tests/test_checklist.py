from cwis.institutions.transformation import checklist_items
from cwis.transfers import checklist


def test_the_transfers_module_registers_every_handover_item_it_owns():
    checks = {item.key: item.check for item in checklist_items()}
    assert checks["children_transferred"] is checklist.children_transferred
    assert checks["archives_handed_over"] is checklist.archives_handed_over
    assert checks["property_handed_over"] is checklist.property_handed_over
