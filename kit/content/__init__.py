"""Course content: the schema, loading and validation of exercise files and the manifest."""

from kit.content.catalog import Catalog, check, content_hash, default_root, load_catalog

__all__ = ["Catalog", "check", "content_hash", "default_root", "load_catalog"]
