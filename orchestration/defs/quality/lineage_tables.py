"""The lineage tables every ingestion asset writes, as Dagster assets the governance marts read.

`raw.source_files` and `quarantine.rejected_rows` are written by every ingestion asset (see
lib/lineage.py), not by one asset of their own: they are declared here as external assets
downstream of the ingestion assets, so that the dbt governance marts (marts/governance) that
read them as dbt sources join the lineage graph instead of pointing at unknown keys.
"""

from collections.abc import Sequence

import dagster as dg


def build_lineage_table_specs(ingestion_keys: Sequence[dg.AssetKey]) -> list[dg.AssetSpec]:
    common = {"deps": list(ingestion_keys), "group_name": "quality", "owners": ["team:data"],
              "kinds": {"duckdb"}}
    return [
        dg.AssetSpec(
            ["raw", "source_files"], **common,
            description="Un enregistrement par fichier reçu : empreinte, période, lignes lues, "
            "acceptées et mises en quarantaine, statut (chargé ou écarté). Écrit par chaque "
            "asset d'ingestion.",
        ),
        dg.AssetSpec(
            ["quarantine", "rejected_rows"], **common,
            description="Un enregistrement par problème trouvé sur une ligne rejetée : "
            "fichier, ligne, colonne, valeur brute, motif. Écrit par chaque asset "
            "d'ingestion ; jamais publié (seuls des comptes en sortent).",
        ),
    ]
