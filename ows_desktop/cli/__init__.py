"""The scriptable ``ows-desktop`` command (no Qt except in the gui/demo commands): ``main`` builds the parser,
``context`` holds what the commands share, one module per command group."""
