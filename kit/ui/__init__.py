"""Exercise widgets: one anywidget view per kind on a shared base."""
