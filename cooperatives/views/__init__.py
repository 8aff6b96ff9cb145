"""Pages of the registry (server-rendered; htmx for the yearly entry sheet).

One module per page family: collectives (and the records hanging off them), the yearly
entry sheet, people, courses and events; `listing` is the list machinery they share.
"""
