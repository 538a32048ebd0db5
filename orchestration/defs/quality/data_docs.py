"""Where the reports of a run are written: GX Data Docs and dbt docs, under the state folder.

`<state>/reports/` (`.local/reports/` by default, never committed) holds:
- `gx/index.html`: Great Expectations Data Docs, one page per suite and per validation of every
  run (GX's own site builder, updated by each GX check through a checkpoint action);
- `dbt/index.html`: dbt docs of the last successful build (orchestration/defs/quality/dbt_docs.py).
`orchestration/bin/reports-start` serves that folder over HTTP (http://localhost:8090/).
GX's own configuration and stores (suites, validation results) live in `<state>/gx-project/`,
which is not served.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import great_expectations as gx
from great_expectations.data_context import FileDataContext
from great_expectations.data_context.types.base import ProgressBarsConfig

SITE_NAME = "rapports"
#: runs of each suite kept in the Data Docs: GX rebuilds its index from every stored result at
#: each validation, so the history is bounded here; quality.check_results keeps all of it.
KEEP_RUNS = 5


def reports_dir(state_dir: Path | str) -> Path:
    return Path(state_dir) / "reports"


def gx_site_dir(state_dir: Path | str) -> Path:
    return reports_dir(state_dir) / "gx"


def dbt_docs_dir(state_dir: Path | str) -> Path:
    return reports_dir(state_dir) / "dbt"


def gx_context(state_dir: Path | str) -> FileDataContext:
    """The file GX context of the reports, whose only Data Docs site is `<reports>/gx/`."""
    context = gx.get_context(mode="file", project_root_dir=Path(state_dir) / "gx-project")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    site = {
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                          "base_directory": str(gx_site_dir(state_dir).resolve())},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    sites = context.get_config().data_docs_sites or {}
    if sites.get(SITE_NAME) != site or len(sites) != 1:
        for name in list(sites):
            context.delete_data_docs_site(name)
        context.add_data_docs_site(SITE_NAME, site)
    return context


def prune_history(context: FileDataContext, suite_name: str, state_dir: Path | str,
                  keep: int = KEEP_RUNS) -> None:
    """Forget the validations of `suite_name` older than its last `keep` runs (store and site)."""
    store = context.validation_results_store
    keys = [k for k in store.list_keys()
            if k.expectation_suite_identifier.name == suite_name]
    runs = sorted({(str(k.run_id.run_time), k.run_id.run_name) for k in keys}, reverse=True)
    old = {name for _, name in runs[keep:]}
    for key in keys:
        if key.run_id.run_name in old:
            store.remove_key(key)
    for name in old:
        shutil.rmtree(gx_site_dir(state_dir) / "validations" / suite_name / name,
                      ignore_errors=True)
