"""Services: the only code that writes. Keyword-only, typed, named <entity>_<action>."""
