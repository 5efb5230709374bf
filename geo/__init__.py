"""Peru Event Map: find Peruvian places in news text, resolve them to ubigeo, date and map them."""

__version__ = "0.1.0"
