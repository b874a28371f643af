"""The REST API (Django REST Framework): /api/.

Boring classes: an input serializer validates, a service from `claims.services` writes
(the same ones the UI uses), an output serializer answers; reads go through selectors.
One error shape for everything (errors.py); claims carry their version as an ETag and
writes to them need If-Match (views/claims.py).
"""
