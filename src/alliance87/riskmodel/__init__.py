"""Child Labour Risk Identification Model (MIRTI) and Vulnerability Index (IVTI).

A pure library: it never imports Django (an import-linter contract enforces it).
"""
