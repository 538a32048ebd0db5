"""The layout of each incremental dbt model (key, strategy, contract columns), to tell which
tables of an existing warehouse an upgrade of the project must rebuild instead of merge.

Why: an incremental model keeps the rows of earlier runs and merges new ones on its key. When
a new version of the project changes that key or the columns (the federation put the landlord
in every key), merging into the old table keeps the old rows beside the new ones: with
`append_new_columns` the old rows get an empty landlord and the new key never matches them.
dbt has no "rebuild when the key changed" (its `on_schema_change` only adds or drops columns),
so the warehouse records a fingerprint per model and a changed or missing one means one
`--full-refresh`, from the raw tables the warehouse keeps in full.
"""

from __future__ import annotations

import hashlib
import json


def incremental_layouts(manifest: dict) -> dict[str, str]:
    """Model name → fingerprint of its key, strategy and contract columns, per incremental
    model of a dbt manifest."""
    layouts = {}
    for node in manifest["nodes"].values():
        config = node.get("config", {})
        if node["resource_type"] != "model" or config.get("materialized") != "incremental":
            continue
        key = config.get("unique_key")
        described = {
            "unique_key": [key] if isinstance(key, str) else list(key or []),
            "strategy": config.get("incremental_strategy"),
            "columns": [[name, (column.get("data_type") or "").lower()]
                        for name, column in node.get("columns", {}).items()],
        }
        layouts[node["name"]] = hashlib.sha256(
            json.dumps(described, sort_keys=True).encode()).hexdigest()[:16]
    return layouts


def models_to_rebuild(current: dict[str, str], recorded: dict[str, str],
                      existing: set[str]) -> list[str]:
    """Incremental models whose table exists but was built with another layout, or by a version
    of the project that recorded none. A model whose table does not exist yet is built whole
    by dbt anyway, so it is not listed."""
    return sorted(name for name, layout in current.items()
                  if name in existing and recorded.get(name) != layout)
