"""A small multi-landlord inbox, written by the demo generators, for the tests that need a
federation whose landlords share a direction code (as real landlords do: « DT-BDX » is the
direction of Bordeaux for every landlord having one there).

The first two members of the demo federation (orchestration/demo_landlord/federation.py:
033HLM007 Demo Habitat Gironde, 021HLM002 Demo Habitat Côte-d'Or) share no direction code,
nor does any pair of its ROSTER; a third landlord made by the same generator in its own
sub-folder with its `bailleur.yml`, 040HLM042 Demo Habitat Landes (seed 42, départements 40
and 33), has a direction « DT-BDX » like 033HLM007. Its internal ids collide with the other
members' like theirs with each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orchestration.demo_landlord.addresses import StreetBook
from orchestration.demo_landlord.communes import load_communes
from orchestration.demo_landlord.defects import MANIFEST_NAME
from orchestration.demo_landlord.federation import (
    Member,
    declaration_text,
    generate_federation,
)
from orchestration.demo_landlord.generator import GeneratorConfig, generate
from orchestration.demo_landlord.stock import make_landlord
from orchestration.lib.landlords import DECLARATION

#: the landlord added to the federation's first two members (see the module's docstring)
SHARING_MEMBER = Member(42, ("40", "33"))
SHARED_DIRECTION = "DT-BDX"


@dataclass(frozen=True)
class InboxLandlord:
    landlord_id: str
    trade_name: str  # the name of its bailleur.yml and of the generator


def write_federation_inbox(inbox: Path, manifests: Path, dwellings: int = 300
                           ) -> list[InboxLandlord]:
    """Write three landlords of `dwellings` dwellings each into `inbox/<landlord_id>/`, the
    answer keys of their defects into `manifests/` (outside the inbox)."""
    members = generate_federation(inbox, landlords=2, dwellings=dwellings,
                                  manifests=manifests, progress=None)
    found = [InboxLandlord(m.landlord_id, m.name) for m in members]
    seed, departements = SHARING_MEMBER.seed, SHARING_MEMBER.departements
    landlord = make_landlord(load_communes(departements), departements, seed, StreetBook(seed))
    folder = inbox / landlord.ministry_number
    generate(GeneratorConfig(out=folder, dwellings=dwellings, seed=seed,
                             departements=departements,
                             manifest=manifests / landlord.ministry_number / MANIFEST_NAME),
             progress=None)
    (folder / DECLARATION).write_text(
        declaration_text(landlord.ministry_number, landlord.trade_name), encoding="utf-8")
    found.append(InboxLandlord(landlord.ministry_number, landlord.trade_name))
    assert len({f.landlord_id for f in found}) == len({f.trade_name for f in found}) == 3
    return found
