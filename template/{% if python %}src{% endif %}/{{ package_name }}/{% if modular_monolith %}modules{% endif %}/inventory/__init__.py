"""Inventory: how many of each item are in stock.

A bounded context of its own, knowing items only through `modules.items.public`: it checks
that an item exists (and that the caller may see it) there, and forgets an item's stock
when the items module announces its deletion.
"""
