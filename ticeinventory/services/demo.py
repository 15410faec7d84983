"""A deterministic, believable demonstration city built through the services (so it is audited and valid).

Schools of Dijon and two neighbouring communes sharing the maintenance cell, equipped along the Dijon
plans: the 2009 initial endowment, interactive whiteboards, the 2015 avenant (laptop + projector in every
maternelle, experimental tablet trolleys partly still in the city stock), plus hors plan items, breakdowns,
repairs, retirements and a few losses. The same seed always gives the same city.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from ticeinventory.db import models as m
from ticeinventory.db.audit import Actor
from ticeinventory.db.database import Database
from ticeinventory.domain.enums import EquipmentStatus, RoomKind, SchoolType
from ticeinventory.domain.errors import TiceError
from ticeinventory.domain.i18n import _
from ticeinventory.domain.uai import check_letter

from .equipment import _create

TODAY = date(2026, 9, 1)  # the demo is dated, so that it is the same whatever the day it is built

STREETS = ["rue Voltaire", "avenue Victor Hugo", "rue des Godrans", "boulevard de Strasbourg", "rue Jean Jaurès",
           "rue de Mirande", "avenue du Drapeau", "rue Courtépée", "rue d'Auxonne", "boulevard Thiers",
           "rue Montchapet", "rue de la Préfecture", "avenue Aristide Briand", "rue Berbisey", "rue de Talant"]
PATRONS = ["Jean Macé", "Voltaire", "Victor Hugo", "Colette", "Jules Ferry", "Louise Michel", "Jean Jaurès",
           "Les Grésilles", "Champollion", "Marie Curie", "Paul Bert", "Anatole France", "Jean Moulin",
           "Montchapet", "Petites Roches", "Les Lochères", "Darcy", "Trémouille", "Château de Pouilly",
           "Camille Claudel", "Flammarion", "Buffon", "Lamartine", "George Sand", "Eiffel", "Mansart", "Joséphine Baker",
           "Simone Veil", "Albert Camus", "Pierre Larousse", "Rameau", "Gustave Eiffel", "Clos Chauveau",
           "Ouest", "Nord", "Sud", "Les Bourroches", "Drapeau", "Larrey", "Maladière"]
FIRST = ["Sophie", "Nathalie", "Isabelle", "Catherine", "Philippe", "Laurent", "Valérie", "Stéphane", "Céline",
         "François", "Hélène", "Agnès", "Jérôme", "Émilie", "Benoît", "Aurélie", "Thierry", "Mélanie"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
        "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Guérin"]
COMMUNES = [("Dijon", "21000", ["Dijon Centre", "Dijon Nord", "Dijon Est", "Dijon Sud"]),
            ("Talant", "21240", ["Dijon Ouest"]), ("Chenôve", "21300", ["Dijon Sud"])]

# category code → (manufacturer, model, price in cents, warranty in years, serial maker)
MODELS_2009 = {
    "PCF": ("Dell", "OptiPlex 380", 54_900, 3, "dell"),
    "ECR": ("Dell", "E1910 19\"", 13_900, 3, "dell"),
    "IJM": ("HP", "Officejet Pro 8500", 19_900, 1, "hp"),
    "ILC": ("HP", "Color LaserJet CP2025n", 39_900, 1, "hp"),
    "ILN": ("Brother", "HL-5350DN", 24_900, 2, "brother"),
    "NUM": ("Canon", "CanoScan LiDE 200", 8_900, 1, "canon"),
    "LOG": ("Éditions diverses", "Suite bureautique et logiciels éducatifs", 29_900, 0, "none"),
    "TBI": ("Promethean", "ActivBoard 378", 189_000, 5, "promethean"),
}
MODELS_2015 = {
    "PCP": ("Lenovo", "ThinkPad E550", 64_900, 3, "lenovo"),
    "VID": ("Epson", "EB-S31", 42_900, 3, "epson"),
    "VPI": ("Epson", "EB-595Wi", 159_000, 5, "epson"),
    "TAB": ("Apple", "iPad Air 2 Wi-Fi 32 Go", 43_900, 1, "apple"),
    "CMO": ("Erard", "Chariot de recharge 16 tablettes", 99_000, 2, "erard"),
    "WIFI": ("Cisco", "Aironet 1832i", 49_000, 3, "cisco"),
}
HORS_PLAN = [
    ("IJM", "Canon", "PIXMA TS5150", 8_900, "cooperative", "Achat de la coopérative scolaire"),
    ("PCP", "Acer", "Aspire 3", 42_900, "don", "Don de l'association des parents d'élèves"),
    ("TAB", "Samsung", "Galaxy Tab A 10.1", 22_900, "fonds_propres", "Acheté sur le budget de l'école"),
    ("VID", "BenQ", "MS550", 39_900, "autre_collectivite", "Prêté puis cédé par le Département"),
    ("PCF", "HP", "ProDesk 400 G4", 0, "don", "Don d'une entreprise du quartier"),
    ("ECR", "Iiyama", "ProLite E2283HS", 11_900, "cooperative", "Achat de la coopérative scolaire"),
]
SUPPLIERS = {"Dell": "Dell SAS", "HP": "UGAP", "Brother": "UGAP", "Canon": "Bureau Vallée Dijon",
             "Promethean": "Sinf Bourgogne", "Lenovo": "Econocom", "Epson": "Econocom", "Apple": "Apple Education",
             "Erard": "Econocom", "Cisco": "Axians", "Éditions diverses": "Canopé"}


@dataclass(frozen=True)
class DemoReport:
    schools: int
    rooms: int
    equipment: int


class DemoBuilder:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def build(self, schools: int = 12, seed: int = 2009,
              progress: Callable[[int, int], bool] | None = None) -> DemoReport:
        """Fill an empty database; ``progress(done, total)`` may return False to cancel (nothing is kept)."""
        if not 1 <= schools <= 2000:
            raise TiceError(_("Le nombre d'écoles de démonstration doit être compris entre 1 et 2000."))
        rng = random.Random(seed)
        with self.db.writing(self.actor) as session:
            if session.scalar(select(m.School.id).limit(1)) is not None:
                raise TiceError(_("La base contient déjà des écoles : la démonstration se crée dans une base vide. "
                                  "Créez une nouvelle base pour l'essayer."))
            city = _City(session, rng)
            kinds = _school_kinds(schools, rng)
            for index, kind in enumerate(kinds):
                city.add_school(index, kind)
                if progress and progress(index + 1, len(kinds) + 1) is False:
                    raise _Cancelled
            city.add_tablet_classes()
            city.add_incidents_of_life()
            if progress and progress(len(kinds) + 1, len(kinds) + 1) is False:
                raise _Cancelled
            session.flush()
            return DemoReport(schools=city.school_count, rooms=city.room_count, equipment=city.item_count)


class _Cancelled(TiceError):
    def __init__(self) -> None:
        super().__init__(_("Création de la démonstration annulée : la base n'a pas été modifiée."))


def _school_kinds(count: int, rng: random.Random) -> list[SchoolType]:
    if count < 3:
        return [SchoolType.ELEMENTAIRE, SchoolType.MATERNELLE][:count]
    kinds = [SchoolType.AUTRE_SITE]
    for i in range(count - 1):
        kinds.append(SchoolType.MATERNELLE if i % 5 in (1, 3) else
                     SchoolType.PRIMAIRE if i % 11 == 7 else SchoolType.ELEMENTAIRE)
    return kinds


def school_ip(school_number: int, host: int) -> str:
    """``10.21.<school>.<host>``, carried into the second octet past 255 schools (the demo allows 2000)."""
    return f"10.{21 + school_number // 256}.{school_number % 256}.{host}"


class _City:
    def __init__(self, session, rng: random.Random) -> None:
        self.session = session
        self.rng = rng
        self.plans = {p.code: p for p in session.scalars(select(m.Plan))}
        self.categories = {c.code: c.id for c in session.scalars(select(m.Category))}
        self.used_uai: set[str] = set()
        self.used_names: set[str] = set()
        self.schools: list[m.School] = []
        self.school_count = self.room_count = self.item_count = 0
        self.serial_counter = 0

    # -- schools and rooms ---------------------------------------------------------------------------------

    def _uai(self) -> str:
        while True:
            digits = f"021{self.rng.randint(0, 9999):04d}"
            uai = digits + check_letter(digits)
            if uai not in self.used_uai:
                self.used_uai.add(uai)
                return uai

    def _person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def add_school(self, index: int, kind: SchoolType) -> None:
        rng = self.rng
        commune, postcode, circonscriptions = COMMUNES[0] if index % 6 not in (4, 5) or index < 6 else \
            COMMUNES[1 + index % 2]
        if kind is SchoolType.AUTRE_SITE:
            name = "Salle de formation des maîtres — Centre TICE"
        else:
            prefix = {SchoolType.MATERNELLE: "École maternelle", SchoolType.ELEMENTAIRE: "École élémentaire",
                      SchoolType.PRIMAIRE: "École primaire"}[kind]
            name = f"{prefix} {PATRONS[index % len(PATRONS)]}"
            if name in self.used_names:
                name = f"{name} {index // len(PATRONS) + 1}"
        self.used_names.add(name)
        uai = self._uai()
        school = m.School(
            uai=uai, name=name, type=kind.value, address=f"{rng.randint(1, 80)} {rng.choice(STREETS)}",
            postcode=postcode, commune=commune, circonscription=rng.choice(circonscriptions), holiday_zone="Zone A",
            director_name="" if kind is SchoolType.AUTRE_SITE else self._person(),
            phone=f"03 80 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            email=f"ce.{uai.lower()}@ac-dijon.fr", active=True, notes="")
        self.session.add(school)
        self.session.flush()
        self.schools.append(school)
        self.school_count += 1
        rooms = self._rooms(school, kind)
        self._equip(school, kind, rooms)

    def _rooms(self, school: m.School, kind: SchoolType) -> dict[str, m.Room]:
        if kind is SchoolType.AUTRE_SITE:
            spec = [("Salle de formation", RoomKind.SALLE_INFORMATIQUE), ("Local technique", RoomKind.LOCAL_TECHNIQUE)]
        elif kind is SchoolType.MATERNELLE:
            spec = [("Bureau de direction", RoomKind.BUREAU_DIRECTION), ("Classe des petits", RoomKind.CLASSE),
                    ("Classe des moyens", RoomKind.CLASSE), ("Classe des grands", RoomKind.CLASSE)]
        else:
            spec = [("Bureau de direction", RoomKind.BUREAU_DIRECTION), ("BCD", RoomKind.BCD),
                    ("Salle informatique", RoomKind.SALLE_INFORMATIQUE), ("Salle des maîtres", RoomKind.SALLE_DES_MAITRES)]
            levels = ["CP", "CE1", "CE2", "CM1", "CM2"] if kind is SchoolType.ELEMENTAIRE else \
                ["Petite section", "Grande section", "CP", "CE1", "CE2", "CM1", "CM2"]
            spec += [(f"Classe {level}", RoomKind.CLASSE) for level in levels]
        rooms = {}
        for name, room_kind in spec:
            room = m.Room(school_id=school.id, name=name, kind=room_kind.value, notes="")
            self.session.add(room)
            rooms[name] = room
        self.session.flush()
        self.room_count += len(rooms)
        return rooms

    # -- equipment -----------------------------------------------------------------------------------------

    def _serial(self, maker: str) -> str:
        rng = self.rng
        self.serial_counter += 1
        alnum = string.ascii_uppercase + string.digits
        if maker == "dell":
            return "".join(rng.choice(alnum) for _k in range(7))
        if maker == "hp":
            return "CN" + "".join(rng.choice(string.digits) for _k in range(8))
        if maker == "brother":
            return "E7" + "".join(rng.choice(string.digits) for _k in range(7))
        if maker == "apple":
            return "DMP" + "".join(rng.choice(alnum) for _k in range(9))
        if maker == "lenovo":
            return "PF" + "".join(rng.choice(alnum) for _k in range(6))
        if maker == "none":
            return ""
        return maker[:3].upper() + f"{rng.randint(0, 99):02d}{self.serial_counter:06d}"

    def _mac(self) -> str:
        return "00:1E:" + ":".join(f"{self.rng.randint(0, 255):02X}" for _k in range(4))

    def _item(self, school: m.School | None, room: m.Room | None, code: str, spec: tuple, acquired: date,
              plan: str | None, phase: str | None, **extra) -> m.Equipment:
        manufacturer, model, price, warranty_years, maker = spec
        values = {
            "category_id": self.categories[code], "manufacturer": manufacturer, "model": model,
            "serial_number": self._serial(maker), "school_id": school.id if school else None,
            "room_id": room.id if room else None, "acquisition_date": acquired,
            "supplier": SUPPLIERS.get(manufacturer, ""), "order_reference": f"BC-{acquired.year}-{acquired.month:02d}"
                                                                            f"{self.rng.randint(100, 999)}",
            "purchase_price_cents": price,
            "warranty_end": acquired.replace(year=acquired.year + warranty_years) if warranty_years else None,
        }
        if plan:
            values["plan_id"] = self.plans[plan].id
            values["phase"] = phase
        values.update(extra)
        row = _create(self.session, values)
        self.item_count += 1
        return row

    def _equip(self, school: m.School, kind: SchoolType, rooms: dict[str, m.Room]) -> None:
        rng = self.rng
        installed = date(2009, 7, rng.randint(6, 28))
        phase1 = "Dotation initiale (été 2009)"
        pc_index = 0

        def workstation(room: m.Room, attribution: str, count: int = 1) -> None:
            nonlocal pc_index
            for _n in range(count):
                pc_index += 1
                pc = self._item(school, room, "PCF", MODELS_2009["PCF"], installed, "DIJON-2009", phase1,
                                attribution=attribution, mac_address=self._mac(),
                                network_name=f"{school.uai}-PC{pc_index:02d}",
                                ip_address=school_ip(len(self.schools), 20 + pc_index))
                self._item(school, room, "ECR", MODELS_2009["ECR"], installed, "DIJON-2009", phase1,
                           attribution=attribution, parent_id=pc.id)

        if kind is SchoolType.AUTRE_SITE:
            room = rooms["Salle de formation"]
            workstation(room, "collectif", 12)
            for code in ("ILN", "IJM", "NUM", "LOG"):
                self._item(school, room, code, MODELS_2009[code], installed, "DIJON-2009", phase1,
                           attribution="collectif")
            self._item(school, rooms["Local technique"], "SWI", ("HP", "ProCurve 2510-24", 31_000, 5, "hp"),
                       installed, "DIJON-2009", phase1, notes="Switch du réseau pédagogique")
            return

        direction = rooms["Bureau de direction"]
        workstation(direction, "direction")
        self._item(school, direction, "IJM", MODELS_2009["IJM"], installed, "DIJON-2009", phase1,
                   attribution="direction")
        if kind in (SchoolType.ELEMENTAIRE, SchoolType.PRIMAIRE):
            workstation(rooms["BCD"], "collectif")
            self._item(school, rooms["BCD"], "ILC", MODELS_2009["ILC"], installed, "DIJON-2009", phase1,
                       mac_address=self._mac(), attribution="collectif")
            lab = rooms["Salle informatique"]
            workstation(lab, "collectif", 12)
            for code in ("ILN", "NUM", "LOG"):
                self._item(school, lab, code, MODELS_2009[code], installed, "DIJON-2009", phase1,
                           attribution="collectif")
            if rng.random() < 0.4:  # TBI in about fifteen groups
                self._item(school, rooms["Classe CM2"], "TBI", MODELS_2009["TBI"],
                           date(2009, 10, rng.randint(1, 30)), "DIJON-2009", "Tableaux blancs interactifs 2009/2010",
                           attribution="classe")
        else:  # maternelle: avenant n°2 laptop + projector
            when = date(2016, 2, rng.randint(1, 28))
            classe = rooms["Classe des grands"]
            self._item(school, classe, "PCP", MODELS_2015["PCP"], when, "DIJON-2015-AV2",
                       "Dotation des écoles maternelles", attribution="enseignant")
            self._item(school, classe, "VID", MODELS_2015["VID"], when, "DIJON-2015-AV2",
                       "Dotation des écoles maternelles", attribution="classe")
        for _n in range(rng.choice((0, 1, 1, 2, 3))):
            code, manufacturer, model, price, origin, note = rng.choice(HORS_PLAN)
            room = rng.choice(list(rooms.values()))
            acquired = date(rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28))
            self._item(school, room, code, (manufacturer, model, price or None, 1, manufacturer.lower()), acquired,
                       None, None, funding_origin=origin, notes=note, attribution="collectif")

    def add_tablet_classes(self) -> None:
        """Avenant n°2 experiment: 5 tablet trolleys, 2 assigned to elementary schools, the rest in the city stock."""
        elementary = [s for s in self.schools if s.type == SchoolType.ELEMENTAIRE.value]
        phase = "Expérimentation classes tablettes et VPI (2015/2016)"
        for index in range(5):
            bought = date(2015, 12, 1 + index)
            school = elementary[index] if index < 2 and index < len(elementary) else None
            room = None
            if school is not None:
                room = self.session.scalar(select(m.Room).where(m.Room.school_id == school.id,
                                                                m.Room.name == "Classe CM1"))
            extra = {"assigned_on": date(2016, 1, 4 + index)} if school else {"status": EquipmentStatus.EN_STOCK.value}
            trolley = self._item(school, room, "CMO", MODELS_2015["CMO"], bought, "DIJON-2015-AV2", phase,
                                 attribution="classe", **extra)
            for n in range(14):
                self._item(school, room, "TAB", MODELS_2015["TAB"], bought, "DIJON-2015-AV2", phase,
                           attribution="eleve", parent_id=trolley.id, network_name=f"TAB-CM{index + 1}-{n + 1:02d}",
                           mac_address=self._mac(), **extra)
            for code in ("PCP", "WIFI"):
                self._item(school, room, code, MODELS_2015[code], bought, "DIJON-2015-AV2", phase,
                           attribution="classe", parent_id=trolley.id, **extra)
            self._item(school, room, "VPI", MODELS_2015["VPI"], bought, "DIJON-2015-AV2", phase,
                       attribution="classe", **extra)

    def add_incidents_of_life(self) -> None:
        """Seventeen years of school life: breakdowns, repairs, retirements, a theft, a loss."""
        rng = self.rng
        items = list(self.session.scalars(select(m.Equipment).where(m.Equipment.school_id.is_not(None))
                                          .order_by(m.Equipment.id)))
        for item in items:
            roll = rng.random()
            if roll < 0.05 and item.acquisition_date and item.acquisition_date.year == 2009:
                item.status = EquipmentStatus.REFORME.value
                item.retired_on = item.acquisition_date + timedelta(days=rng.randint(6 * 365, 15 * 365))
                item.retired_on = min(item.retired_on, TODAY)
                item.retirement_reason = rng.choice(["Irréparable (carte mère)", "Obsolète — remplacé",
                                                     "Écran cassé", "Alimentation hors service"])
            elif roll < 0.08:
                item.status = EquipmentStatus.EN_PANNE.value
            elif roll < 0.095:
                item.status = EquipmentStatus.EN_REPARATION.value
            elif roll < 0.098 and item.category_id in (self.categories["PCP"], self.categories["TAB"]):
                item.status = rng.choice([EquipmentStatus.VOLE.value, EquipmentStatus.PERDU.value])
