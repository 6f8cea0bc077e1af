"""Engines turn notes and a plan into drafts."""
