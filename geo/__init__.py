"""Peru Event Map: find Peruvian places in news text, resolve them to ubigeo, date and map them."""

from geo._accel import install as _install_accel_guard

__version__ = "0.1.0"

_install_accel_guard()
