"""Neural Network Playground: draw 2D data, build a network, watch it learn live."""

__version__ = "0.1.0"
