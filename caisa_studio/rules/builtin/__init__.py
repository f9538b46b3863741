"""The built-in rules, one module each, listed explicitly (no import-time magic)."""

from __future__ import annotations

from caisa_studio.rules.builtin import enc_01_unencrypted_store, enc_02_cleartext_crossing

BUILTIN_RULE_MODULES = (
    enc_01_unencrypted_store,
    enc_02_cleartext_crossing,
)
