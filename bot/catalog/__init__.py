"""The shop's catalogue: one YAML file per product under `catalog/`, and the answers to pre-sale
questions drawn from it (stock, size, attributes, FAQ, genuine, warranty, bundles, recommendations).

Kept apart from the engine: the engine hands a product question to `ProductDesk.answer` as one
step and renders nothing of its own for it."""
from .answers import ProductAnswer
from .desk import ProductDesk
from .loading import load_catalog, read_catalog
from .model import Catalog, Product

__all__ = ["Catalog", "Product", "ProductAnswer", "ProductDesk", "load_catalog", "read_catalog"]
