"""API views, one module per area; urls.py routes them."""
