"""Qt widgets: views on the core models."""
