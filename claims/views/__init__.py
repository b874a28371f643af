"""The review workbench: admin-style views for the screens that are a process, not a model.

Views are thin: a form validates, a service writes (claims.services.*), a selector reads
(claims.selectors_review). Every view needs a login and a role (claims.permissions).
"""
