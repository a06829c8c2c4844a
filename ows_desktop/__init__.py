"""OWS Desktop: a loss-prevention review workstation for OpenEye Web Services POS tickets."""

__version__ = "0.1.0"
