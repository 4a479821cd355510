"""Declarative rule data and table schemas of jixiao (TOML and text files read by `extract.rules`).

A package only so that a non-editable install ships these files beside `extract/`.
"""
