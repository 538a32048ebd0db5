"""Watch the inbox: a new or changed file of a known source starts a run of that source and of
everything that depends on it; a file no source claims is reported (log, tick, alert).

The cursor holds the files already seen (path → mtime and size). A file still being written
(modified less than SETTLE_SECONDS ago) waits for the next tick. When the sensor starts for the
first time on a warehouse that was already built, the files present are taken as already
handled (the schedules load anything left); on a fresh install they are all new.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import dagster as dg

from orchestration.defs.automation.alerts import notify
from orchestration.defs.automation.cadences import sources_with_cadence
from orchestration.defs.automation.jobs import DBT_DOCS, full_build
from orchestration.lib.contracts import Contract, load_registry
from orchestration.lib.export_mappings import MAPPINGS_DIR
from orchestration.lib.landlords import DECLARATION
from orchestration.lib.routing import source_of
from orchestration.settings import get_settings

SETTLE_SECONDS = 5


def source_key_of(path: Path, contracts: dict[str, Contract],
                  inbox: Path | None = None) -> dg.AssetKey | None:
    """The ingestion asset that loads this file (lib/routing.py decides), or None."""
    source = source_of(path, contracts, inbox)
    return dg.AssetKey(list(contracts[source].asset_path)) if source else None


def inbox_files(inbox: Path, now: float) -> dict[str, str]:
    """Settled files of the inbox (sub-folders included): path → "mtime_ns:size"."""
    if not inbox.is_dir():
        return {}
    files = {}
    for path in sorted(inbox.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            stat = path.stat()
            if now - stat.st_mtime >= SETTLE_SECONDS:
                files[str(path)] = f"{stat.st_mtime_ns}:{stat.st_size}"
    return files


def new_files(current: dict[str, str], seen: dict[str, str]) -> list[Path]:
    return [Path(p) for p, signature in current.items() if seen.get(p) != signature]


def route(files: list[Path], contracts: dict[str, Contract], inbox: Path | None = None
          ) -> tuple[dict[dg.AssetKey, list[Path]], list[Path]]:
    """Files by ingestion asset, and the files no source claims (landlord declarations and
    export mappings excepted);
    `contracts`: the registry (load_registry), `inbox` to route the landlords' mapped exports."""
    by_source: dict[dg.AssetKey, list[Path]] = {}
    unknown = []
    for path in files:
        # a landlord folder's bailleur.yml and mappings/*.yml: read by the loaders
        if path.name == DECLARATION or path.parent.name == MAPPINGS_DIR:
            continue
        key = source_key_of(path, contracts, inbox)
        if key is None:
            unknown.append(path)
        else:
            by_source.setdefault(key, []).append(path)
    return by_source, unknown


def run_selection(sources: list[dg.AssetKey], asset_graph) -> list[dg.AssetKey]:
    """The sources' ingestion assets and everything downstream of them (publish included);
    the dbt docs only with a yearly source, as the scheduled jobs do (automation/jobs.py)."""
    selection = dg.AssetSelection.assets(*sources).downstream().materializable()
    if not set(sources) & set(sources_with_cadence("yearly")):
        selection = selection - DBT_DOCS
    selected = selection.resolve(asset_graph)
    return sorted(selected, key=lambda k: k.to_user_string())


@dg.sensor(
    name="inbox_sensor",
    job=full_build,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Surveille la boîte de dépôt : un nouveau fichier d'une source connue lance "
    "le chargement de cette source et de tout ce qui en dépend ; un fichier inconnu est "
    "signalé (journal du capteur et alerte).",
)
def inbox_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    settings = get_settings()
    current = inbox_files(settings.inbox, time.time())
    if context.cursor is None and settings.build_warehouse.exists():
        context.log.info(f"first tick: {len(current)} file(s) already in {settings.inbox} "
                         "taken as handled")
        return dg.SensorResult(cursor=json.dumps(current), skip_reason=dg.SkipReason(
            f"{len(current)} fichier(s) déjà présents, pris comme référence"))
    seen = json.loads(context.cursor) if context.cursor else {}
    by_source, unknown = route(new_files(current, seen), load_registry(), settings.inbox)
    for path in unknown:
        context.log.warning(f"UNKNOWN FILE (not loaded, no source matches its name): {path}")
    if unknown:
        names = ", ".join(p.name for p in unknown)
        notify("unknown_file", f"Fichier(s) non reconnu(s) dans la boîte de dépôt, non chargés "
               f": {names}. Renommer selon les motifs des contrats (README).",
               {"files": [str(p) for p in unknown]})
    run_requests = []
    if by_source:
        files = sorted(str(p) for paths in by_source.values() for p in paths)
        run_key = hashlib.sha256(
            json.dumps({f: current[f] for f in files}).encode()).hexdigest()[:16]
        run_requests.append(dg.RunRequest(
            run_key=run_key,
            asset_selection=run_selection(list(by_source), context.repository_def.asset_graph),
            tags={"patrimoine/trigger": "inbox_sensor",
                  "patrimoine/sources": ",".join(k.path[-1] for k in sorted(
                      by_source, key=lambda k: k.to_user_string()))},
        ))
        context.log.info(f"new file(s) {files}: run of {', '.join(k.to_user_string() for k in by_source)}"
                         " and everything downstream")
    skip = None if run_requests else dg.SkipReason(
        f"fichier(s) non reconnu(s) : {', '.join(p.name for p in unknown)}" if unknown
        else "aucun nouveau fichier")
    return dg.SensorResult(run_requests=run_requests, cursor=json.dumps(current),
                           skip_reason=skip)
