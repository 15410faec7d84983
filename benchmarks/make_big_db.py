"""Build a realistic city of 200 000 items in well under a minute, for the window and search benchmarks.

    .venv/bin/python benchmarks/make_big_db.py /tmp/ville-200k.sqlite --items 200000 [--schools 2000] [--seed 2026]

The file is created through ``open_database`` (the migrations, reference data and search index of a real
base), then filled with bulk Core inserts (``executemany``) in one transaction: about 2 000 schools in 40
communes, their rooms (direction, BCD, salle informatique, one room per class), the items each school type
gets from the Dijon plans (2009 endowment, interactive whiteboards, the 2015 avenant's laptops, projectors and
tablet trolleys), later renewals, hors plan items (about 8 %), the city stock (about 0.5 %), breakdowns,
repairs, loans, retirements, thefts and losses; serials in each maker's shape, MAC addresses, network names and
IP addresses for networked items; screens attached to their PC and tablets to their trolley; the inventory
number counters set as the application would have left them.

Audit: one ``create`` row per school, room and item, with the same JSON snapshot the audit hook writes (so
that an item's Historique tab and the audit table have their real size), attributed to the initial import
(source ``import``). Writing them per item costs about a third of the build time; it is what a base filled by
the import would hold.

The search index (migrations 0004, 0005) is rebuilt once at the end (``services.search.suspended``), in the same
transaction: its triggers would cost about 0.3 ms an item (FTS5 flushes at every trigger statement).
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from ticeinventory.db import models as m
from ticeinventory.db.database import open_database
from ticeinventory.domain.uai import check_letter
from ticeinventory.services import search

TODAY = date(2026, 9, 1)
IMPORTED_AT = datetime(2026, 9, 1, 8, 0, 0)
AUDIT_USER, AUDIT_SOURCE = "reprise-inventaire", "import"

COMMUNES = [
    ("Dijon", "21000"), ("Chenôve", "21300"), ("Talant", "21240"), ("Quetigny", "21800"), ("Longvic", "21600"),
    ("Fontaine-lès-Dijon", "21121"), ("Saint-Apollinaire", "21850"), ("Chevigny-Saint-Sauveur", "21800"),
    ("Marsannay-la-Côte", "21160"), ("Plombières-lès-Dijon", "21370"), ("Ahuy", "21121"), ("Daix", "21121"),
    ("Hauteville-lès-Dijon", "21121"), ("Sennecey-lès-Dijon", "21800"), ("Neuilly-Crimolois", "21800"),
    ("Bretenière", "21110"), ("Corcelles-les-Monts", "21160"), ("Flavignerot", "21160"), ("Magny-sur-Tille", "21110"),
    ("Ouges", "21600"), ("Perrigny-lès-Dijon", "21160"), ("Fénay", "21600"), ("Crimolois", "21800"),
    ("Beaune", "21200"), ("Nuits-Saint-Georges", "21700"), ("Auxonne", "21130"), ("Genlis", "21110"),
    ("Is-sur-Tille", "21120"), ("Montbard", "21500"), ("Semur-en-Auxois", "21140"), ("Châtillon-sur-Seine", "21400"),
    ("Arnay-le-Duc", "21230"), ("Saulieu", "21210"), ("Seurre", "21250"), ("Pouilly-en-Auxois", "21320"),
    ("Vitteaux", "21350"), ("Mirebeau-sur-Bèze", "21310"), ("Selongey", "21260"), ("Brazey-en-Plaine", "21470"),
    ("Saint-Jean-de-Losne", "21170"),
]
PATRONS = [
    "Jean Macé", "Voltaire", "Victor Hugo", "Colette", "Jules Ferry", "Louise Michel", "Jean Jaurès", "Les Grésilles",
    "Champollion", "Marie Curie", "Paul Bert", "Anatole France", "Jean Moulin", "Montchapet", "Petites Roches",
    "Les Lochères", "Darcy", "Trémouille", "Château de Pouilly", "Camille Claudel", "Flammarion", "Buffon",
    "Lamartine", "George Sand", "Mansart", "Joséphine Baker", "Simone Veil", "Albert Camus", "Pierre Larousse",
    "Rameau", "Gustave Eiffel", "Clos Chauveau", "Les Bourroches", "Drapeau", "Larrey", "Maladière", "Jacques Prévert",
    "Antoine de Saint-Exupéry", "Jean de La Fontaine", "Marcel Pagnol", "Paul Éluard", "Condorcet", "Pasteur",
    "Émile Zola", "Aimé Césaire", "Olympe de Gouges", "Charles Perrault", "Les Tilleuls", "Les Marronniers",
    "Le Parc", "Centre", "Les Cèdres", "La Fontaine d'Ouche", "Stalingrad", "Mont-Chauve", "Côte d'Or",
]
FIRST = ["Sophie", "Nathalie", "Isabelle", "Catherine", "Philippe", "Laurent", "Valérie", "Stéphane", "Céline",
         "François", "Hélène", "Agnès", "Jérôme", "Émilie", "Benoît", "Aurélie", "Thierry", "Mélanie"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier"]
STREETS = ["rue Voltaire", "avenue Victor Hugo", "rue des Godrans", "boulevard de Strasbourg", "rue Jean Jaurès",
           "rue de Mirande", "avenue du Drapeau", "rue Courtépée", "rue d'Auxonne", "boulevard Thiers"]

# category → [(manufacturer, model, price in cents, warranty years, serial shape, networked), …] by era
MODELS = {
    "PCF": {2009: ("Dell", "OptiPlex 380", 54_900, 3, "dell", True),
            2016: ("HP", "ProDesk 400 G3", 61_900, 3, "hp", True),
            2021: ("Lenovo", "ThinkCentre M70q", 69_900, 5, "lenovo", True)},
    "ECR": {2009: ("Dell", "E1910 19\"", 13_900, 3, "dell", False),
            2016: ("Iiyama", "ProLite E2283HS", 11_900, 3, "serial", False),
            2021: ("Lenovo", "ThinkVision E22-20", 14_900, 3, "lenovo", False)},
    "PCP": {2009: ("Lenovo", "ThinkPad E550", 64_900, 3, "lenovo", True),
            2019: ("Dell", "Latitude 3510", 72_900, 3, "dell", True)},
    "TAB": {2015: ("Apple", "iPad Air 2 Wi-Fi 32 Go", 43_900, 1, "apple", True),
            2020: ("Samsung", "Galaxy Tab A7", 22_900, 2, "serial", True)},
    "CMO": {2015: ("Erard", "Chariot de recharge 16 tablettes", 99_000, 2, "serial", False)},
    "WIFI": {2015: ("Cisco", "Aironet 1832i", 49_000, 3, "serial", True)},
    "IJM": {2009: ("HP", "Officejet Pro 8500", 19_900, 1, "hp", False),
            2018: ("Epson", "WorkForce WF-4830", 21_900, 2, "serial", True)},
    "ILC": {2009: ("HP", "Color LaserJet CP2025n", 39_900, 1, "hp", True)},
    "ILN": {2009: ("Brother", "HL-5350DN", 24_900, 2, "brother", True)},
    "NUM": {2009: ("Canon", "CanoScan LiDE 200", 8_900, 1, "serial", False)},
    "LOG": {2009: ("Éditions diverses", "Suite bureautique et logiciels éducatifs", 29_900, 0, "none", False)},
    "TBI": {2009: ("Promethean", "ActivBoard 378", 189_000, 5, "serial", False)},
    "VPI": {2015: ("Epson", "EB-595Wi", 159_000, 5, "serial", True),
            2022: ("Epson", "EB-770Fi", 189_000, 5, "serial", True)},
    "VID": {2015: ("Epson", "EB-S31", 42_900, 3, "serial", False),
            2020: ("BenQ", "MS560", 39_900, 3, "serial", False)},
    "SWI": {2009: ("HP", "ProCurve 2510-24", 31_000, 5, "hp", True)},
    "TEL": {2017: ("Alcatel", "Temporis 380", 4_900, 2, "serial", False)},
}
HORS_PLAN = [
    ("IJM", "Canon", "PIXMA TS5150", 8_900, "cooperative", "Achat de la coopérative scolaire"),
    ("PCP", "Acer", "Aspire 3", 42_900, "don", "Don de l'association des parents d'élèves"),
    ("TAB", "Samsung", "Galaxy Tab A 10.1", 22_900, "fonds_propres", "Acheté sur le budget de l'école"),
    ("VID", "BenQ", "MS550", 39_900, "autre_collectivite", "Prêté puis cédé par le Département"),
    ("PCF", "HP", "ProDesk 400 G4", None, "don", "Don d'une entreprise du quartier"),
    ("ECR", "Iiyama", "ProLite E2283HS", 11_900, "cooperative", "Achat de la coopérative scolaire"),
    ("AUT", "Lego Education", "WeDo 2.0", 18_900, "fonds_propres", "Robotique, budget de l'école"),
    ("TEL", "Gigaset", "C430", 3_900, "autre", "Acheté par la directrice"),
]
SUPPLIERS = {"Dell": "Dell SAS", "HP": "UGAP", "Brother": "UGAP", "Canon": "Bureau Vallée Dijon",
             "Promethean": "Sinf Bourgogne", "Lenovo": "Econocom", "Epson": "Econocom", "Apple": "Apple Education",
             "Erard": "Econocom", "Cisco": "Axians", "Éditions diverses": "Canopé", "Iiyama": "LDLC Pro",
             "Samsung": "UGAP", "BenQ": "Econocom", "Alcatel": "Orange Business"}
PHASES = {("DIJON-2009", 2009): "Dotation initiale (été 2009)",
          ("DIJON-2009", 2010): "Tableaux blancs interactifs 2009/2010",
          ("DIJON-2015-AV2", 2015): "Expérimentation classes tablettes et VPI (2015/2016)",
          ("DIJON-2015-AV2", 2016): "Dotation des écoles maternelles"}
REASONS = ["Irréparable (carte mère)", "Obsolète — remplacé", "Écran cassé", "Alimentation hors service",
           "Batterie gonflée", "Dalle fissurée"]
ALNUM = string.ascii_uppercase + string.digits


@dataclass
class Report:
    schools: int
    rooms: int
    items: int
    audit_rows: int
    seconds: float


class _City:
    def __init__(self, rng: random.Random, categories: dict[str, int], plans: dict[str, int],
                 phases: dict[tuple[str, str], int]) -> None:
        self.rng = rng
        self.categories = categories
        self.plans = plans
        self.phases = phases
        self.schools: list[dict] = []
        self.rooms: list[dict] = []
        self.items: list[dict] = []
        self.counters: dict[tuple[str, int], int] = defaultdict(int)
        self.serial_counter = 0
        self.mac_counter = 0

    # -- places --------------------------------------------------------------------------------------------

    def add_schools(self, count: int) -> None:
        rng = self.rng
        numbers = rng.sample(range(1, 10_000), count)
        used: set[tuple[str, str]] = set()
        for index in range(count):
            commune, postcode = COMMUNES[0] if index % 3 == 0 else COMMUNES[index % len(COMMUNES)]
            kind = "autre_site" if index % 400 == 0 else "maternelle" if index % 5 in (1, 3) else \
                "primaire" if index % 11 == 7 else "elementaire"
            if kind == "autre_site":
                name = f"Centre TICE — salle de formation {index // 400 + 1}"
            else:
                prefix = {"maternelle": "École maternelle", "elementaire": "École élémentaire",
                          "primaire": "École primaire"}[kind]
                name = f"{prefix} {PATRONS[rng.randrange(len(PATRONS))]}"
                suffix = 2
                base = name
                while (commune, name) in used:
                    name, suffix = f"{base} {suffix}", suffix + 1
            used.add((commune, name))
            digits = f"021{numbers[index]:04d}"
            uai = digits + check_letter(digits)
            self.schools.append({
                "id": index + 1, "uai": uai, "name": name, "type": kind,
                "address": f"{rng.randint(1, 120)} {rng.choice(STREETS)}", "postcode": postcode, "commune": commune,
                "circonscription": f"{commune.split('-')[0]} {rng.choice(['Nord', 'Sud', 'Est', 'Ouest'])}",
                "holiday_zone": "Zone A", "director_name": "" if kind == "autre_site" else
                f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "phone": f"03 80 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                "email": f"ce.{uai.lower()}@ac-dijon.fr", "active": index % 97 != 13, "notes": ""})

    def _rooms(self, school: dict) -> dict[str, dict]:
        kind = school["type"]
        if kind == "autre_site":
            spec = [("Salle de formation", "salle_informatique"), ("Local technique", "local_technique")]
        elif kind == "maternelle":
            spec = [("Bureau de direction", "bureau_direction"), ("Classe des petits", "classe"),
                    ("Classe des moyens", "classe"), ("Classe des grands", "classe")]
            spec += [(f"Classe {n}", "classe") for n in range(4, 4 + self.rng.randint(0, 2))]
        else:
            spec = [("Bureau de direction", "bureau_direction"), ("BCD", "bcd"),
                    ("Salle informatique", "salle_informatique"), ("Salle des maîtres", "salle_des_maitres")]
            levels = ["CP", "CE1", "CE2", "CM1", "CM2"] if kind == "elementaire" else \
                ["Petite section", "Grande section", "CP", "CE1", "CE2", "CM1", "CM2"]
            for level in levels:
                spec += [(f"Classe {level}", "classe")] + \
                    [(f"Classe {level} {letter}", "classe") for letter in "BC"[:self.rng.randint(0, 2)]]
        rooms = {}
        for name, room_kind in spec:
            room = {"id": len(self.rooms) + 1, "school_id": school["id"], "name": name, "kind": room_kind, "notes": ""}
            self.rooms.append(room)
            rooms[name] = room
        return rooms

    # -- items ---------------------------------------------------------------------------------------------

    def _serial(self, shape: str) -> str:
        rng = self.rng
        self.serial_counter += 1
        if shape == "dell":
            return "".join(rng.choice(ALNUM) for _k in range(7))
        if shape == "hp":
            return "CN" + "".join(rng.choice(string.digits) for _k in range(8))
        if shape == "brother":
            return "E7" + "".join(rng.choice(string.digits) for _k in range(7))
        if shape == "apple":
            return "DMP" + "".join(rng.choice(ALNUM) for _k in range(9))
        if shape == "lenovo":
            return "PF" + "".join(rng.choice(ALNUM) for _k in range(6))
        if shape == "none":
            return ""
        return f"S{rng.choice(ALNUM)}{rng.randint(0, 99):02d}{self.serial_counter:07d}"

    def _mac(self) -> str:
        self.mac_counter += 1
        value = 0x001E00000000 + self.mac_counter * 7919 % 0xFFFFFFFF
        raw = f"{value:012X}"
        return ":".join(raw[i:i + 2] for i in range(0, 12, 2))

    def _number(self, code: str, year: int) -> str:
        self.counters[(code, year)] += 1
        return f"{code}-{year}-{self.counters[(code, year)]:05d}"

    def item(self, school: dict | None, room: dict | None, code: str, year: int, *, plan: str | None = "DIJON",
             hors_plan: tuple | None = None, parent: dict | None = None, attribution: str | None = None,
             network: str = "", host: int = 0) -> dict:
        rng = self.rng
        if hors_plan:
            code, manufacturer, model, price, origin, notes = hors_plan
            warranty, shape, networked = 1, "serial", code in ("PCP", "PCF", "TAB")
            plan_code = None
        else:
            eras = MODELS[code]
            era = max((y for y in eras if y <= year), default=min(eras))
            manufacturer, model, price, warranty, shape, networked = eras[era]
            plan_code = "DIJON-2009" if year < 2015 else "DIJON-2015-AV2" if year < 2017 else "DIJON-2009"
            origin, notes = None, ""
        month = 7 if year == 2009 else rng.randint(1, 12)
        acquired = date(year, month, rng.randint(1, 28))
        if acquired > TODAY:
            acquired = TODAY - timedelta(days=rng.randint(1, 200))
        item_id = len(self.items) + 1
        status, retired_on, reason = ("en_service" if school else "en_stock"), None, ""
        age = (TODAY - acquired).days / 365.25
        roll = rng.random()
        if school is not None:
            retired_share = min(0.45, age * 0.02)
            if roll < retired_share:
                status, reason = "reforme", rng.choice(REASONS)
                retired_on = min(acquired + timedelta(days=rng.randint(3 * 365, max(3 * 365 + 1, int(age * 365)))),
                                 TODAY)
            elif (roll := roll - retired_share) < 0.03:
                status = "en_panne"
            elif roll < 0.045:
                status = "en_reparation"
            elif roll < 0.06 and code in ("PCP", "TAB", "VID"):
                status = "prete"
            elif roll < 0.065 and code in ("PCP", "TAB"):
                status = rng.choice(["vole", "perdu"])
        row = {
            "id": item_id, "inventory_number": self._number(code, acquired.year),
            "category_id": self.categories[code], "manufacturer": manufacturer, "model": model,
            "serial_number": self._serial(shape), "school_id": school["id"] if school else None,
            "room_id": room["id"] if room else None, "status": status,
            "plan_id": self.plans[plan_code] if plan_code else None,
            "phase_id": self.phases.get((plan_code, PHASES.get((plan_code, acquired.year), ""))) if plan_code else None,
            "funding_origin": origin, "acquisition_date": acquired,
            "supplier": SUPPLIERS.get(manufacturer, "UGAP"),
            "order_reference": f"BC-{acquired.year}-{acquired.month:02d}{rng.randint(100, 999)}" if plan_code else "",
            "purchase_price_cents": price, "warranty_end": acquired.replace(year=acquired.year + warranty)
            if warranty else None,
            "network_name": network if networked else "", "mac_address": self._mac() if networked else "",
            "ip_address": f"10.{21 + (school['id'] if school else 0) // 256}.{(school['id'] if school else 0) % 256}."
                          f"{host % 250 + 2}" if networked and school else "",
            "attribution": attribution, "parent_id": parent["id"] if parent else None, "notes": notes,
            "assigned_on": acquired if school else None, "retired_on": retired_on, "retirement_reason": reason,
        }
        self.items.append(row)
        return row

    def equip(self, school: dict, rooms: dict[str, dict], quota: int) -> None:
        """The school's items, plan first, until ``quota``: more class sets are added to reach it."""
        rng, start, uai = self.rng, len(self.items), school["uai"]
        hosts = iter(range(1, 10_000))

        def pc(room: dict, year: int, attribution: str, label: str) -> None:
            host = next(hosts)
            computer = self.item(school, room, "PCF", year, attribution=attribution, network=f"{uai}-{label}{host:02d}",
                                 host=host)
            self.item(school, room, "ECR", year, attribution=attribution, parent=computer)

        def trolley(room: dict, year: int, tablets: int) -> None:
            cart = self.item(school, room, "CMO", year, attribution="classe")
            for n in range(tablets):
                self.item(school, room, "TAB", year, attribution="eleve", parent=cart,
                          network=f"{uai}-TAB{cart['id'] % 100:02d}-{n + 1:02d}", host=next(hosts))
            self.item(school, room, "PCP", year, attribution="enseignant", parent=cart,
                      network=f"{uai}-PCP{next(hosts):02d}")
            self.item(school, room, "WIFI", year, attribution="classe", parent=cart, network=f"{uai}-AP{next(hosts):02d}")

        kind = school["type"]
        classes = [room for room in rooms.values() if room["kind"] == "classe"]
        if kind == "autre_site":
            lab = rooms["Salle de formation"]
            for _n in range(12):
                pc(lab, 2009, "collectif", "PC")
            for code in ("ILN", "IJM", "NUM", "LOG"):
                self.item(school, lab, code, 2009, attribution="collectif", network=f"{uai}-{code}")
            self.item(school, rooms["Local technique"], "SWI", 2009, network=f"{uai}-SW01")
        else:
            direction = rooms["Bureau de direction"]
            pc(direction, 2009, "direction", "DIR")
            self.item(school, direction, "IJM", 2009, attribution="direction", network=f"{uai}-IMP")
            self.item(school, direction, "TEL", 2017, attribution="direction")
            if kind != "maternelle":
                pc(rooms["BCD"], 2009, "collectif", "BCD")
                self.item(school, rooms["BCD"], "ILC", 2009, attribution="collectif", network=f"{uai}-ILC")
                lab = rooms["Salle informatique"]
                renewal = rng.choice((2009, 2016, 2016, 2021))
                for _n in range(rng.randint(12, 16)):
                    pc(lab, renewal, "collectif", "PC")
                for code in ("ILN", "NUM", "LOG"):
                    self.item(school, lab, code, 2009, attribution="collectif", network=f"{uai}-{code}")
                for room in classes:
                    board = rng.random()
                    if board < 0.3:
                        self.item(school, room, "TBI", 2010, attribution="classe")
                    elif board < 0.8:
                        self.item(school, room, "VPI", rng.choice((2015, 2022)), attribution="classe",
                                  network=f"{uai}-VPI{next(hosts):02d}")
                    self.item(school, room, "PCP", rng.choice((2015, 2019, 2023)), attribution="enseignant",
                              network=f"{uai}-PCP{next(hosts):02d}")
            else:
                for room in classes:
                    self.item(school, room, "PCP", 2016, attribution="enseignant", network=f"{uai}-PCP{next(hosts):02d}")
                    self.item(school, room, "VID", rng.choice((2016, 2020)), attribution="classe")
            for _n in range(rng.choice((1, 3, 5, 7, 9, 11, 14))):
                spec = rng.choice(HORS_PLAN)
                self.item(school, rng.choice(list(rooms.values())), spec[0], rng.randint(2012, 2026),
                          hors_plan=spec, attribution="collectif", network=f"{uai}-HP{next(hosts):02d}")
            while len(self.items) - start < quota and classes:
                room = rng.choice(classes)
                if kind == "maternelle" or rng.random() < 0.3:
                    pc(room, rng.choice((2016, 2021)), "classe", "PC")
                else:
                    trolley(room, rng.choice((2015, 2020, 2024)), rng.choice((14, 16)))
        del self.items[start + quota:]  # the last class set may overshoot

    def stock(self, count: int) -> None:
        """Items held by the city, assigned to no school (the avenant's experimental tablets, spare parts)."""
        for n in range(count):
            code = "TAB" if n % 4 else "PCP"
            self.item(None, None, code, 2015 if n % 3 else 2024, attribution="eleve" if code == "TAB" else None,
                      network=f"STOCK-{code}-{n + 1:04d}")


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _audit(entity: str, rows: list[dict]) -> list[dict]:
    """The rows the audit hook writes when objects are created: a JSON snapshot without empty values."""
    return [{"at": IMPORTED_AT, "user": AUDIT_USER, "source": AUDIT_SOURCE, "entity": entity, "entity_id": row["id"],
             "action": "create", "field": None, "old_value": None,
             "new_value": json.dumps({k: _text(v) for k, v in row.items() if k != "id" and v not in (None, "")},
                                     ensure_ascii=False, sort_keys=True)} for row in rows]


def build(path: Path, items: int = 200_000, schools: int | None = None, seed: int = 2026,
          echo=print) -> Report:
    started = time.perf_counter()
    if path.exists():
        raise SystemExit(f"{path} existe déjà : indiquez un nouveau fichier.")
    schools = schools or max(1, round(items / 100))
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            categories = dict(conn.execute(select(m.Category.code, m.Category.id)).all())
            plans = dict(conn.execute(select(m.Plan.code, m.Plan.id)).all())
            phases = {(code, name): pid for code, name, pid in conn.execute(
                select(m.Plan.code, m.PlanPhase.name, m.PlanPhase.id).join(m.Plan, m.Plan.id == m.PlanPhase.plan_id))}
            conn.rollback()
        rng = random.Random(seed)
        city = _City(rng, categories, plans, phases)
        city.add_schools(schools)
        in_stock = items // 200
        weights = {"elementaire": 1.25, "primaire": 1.4, "maternelle": 0.45, "autre_site": 0.3}
        remaining_weight = sum(weights[s["type"]] for s in city.schools)
        for school in city.schools:
            rooms = city._rooms(school)
            left = items - in_stock - len(city.items)
            quota = round(left * weights[school["type"]] / remaining_weight)
            remaining_weight -= weights[school["type"]]
            city.equip(school, rooms, max(quota, 0))
        city.stock(items - len(city.items))
        generated = time.perf_counter()
        echo(f"généré en mémoire : {len(city.schools)} écoles, {len(city.rooms)} salles, {len(city.items)} "
             f"équipements ({generated - started:.1f} s)")

        audit_rows = _audit("schools", city.schools) + _audit("rooms", city.rooms) + _audit("equipment", city.items)
        sequences = [{"name": f"{code}-{year}-\x1f", "value": value} for (code, year), value in city.counters.items()]
        with db.engine.connect() as conn:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin(), search.suspended(conn):  # the search index is rebuilt once, at the end
                conn.execute(m.School.__table__.insert(), city.schools)
                conn.execute(m.Room.__table__.insert(), city.rooms)
                # parents first: a screen's PC, a tablet's trolley are always created before them
                conn.execute(m.Equipment.__table__.insert(), city.items)
                inserted = time.perf_counter()
                conn.execute(m.AuditLog.__table__.insert(), audit_rows)
                conn.execute(m.Sequence.__table__.insert(), sequences)
                audited = time.perf_counter()
            indexed = time.perf_counter()
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        echo(f"écrit : écoles, salles et équipements {inserted - generated:.1f} s, journal d'audit "
             f"({len(audit_rows)} lignes) {audited - inserted:.1f} s, index de recherche {indexed - audited:.1f} s")
    finally:
        db.close()
    return Report(len(city.schools), len(city.rooms), len(city.items), len(audit_rows),
                  time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="fichier SQLite à créer (il ne doit pas exister)")
    parser.add_argument("--items", type=int, default=200_000, help="nombre d'équipements (200 000 par défaut)")
    parser.add_argument("--schools", type=int, default=None, help="nombre d'écoles (un pour 100 équipements)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    report = build(args.path, args.items, args.schools, args.seed)
    size = args.path.stat().st_size / 1e6
    print(f"{args.path} : {report.schools} écoles, {report.rooms} salles, {report.items} équipements, "
          f"{report.audit_rows} lignes d'audit, {size:.0f} Mo, en {report.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
