"""Pages, one module per task (registry, staff, residences, layout, transformation). Thin:
find the record through a selector (404 out of scope), call one service through
`cwis.core.web.run_service` (its refusals beside the fields), render. Business rules live
in services."""
