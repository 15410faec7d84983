"""Maintenance vocabulary and rules: incidents (signalements), interventions, and what the conventions allow.

The conventions decide what the city's maintenance cell may touch (DOMAIN.md, rules 1–4): never equipment
bought or given outside the plan (Dijon Art. 8, Saint-Denis Art. 4), the supplier first while the warranty
runs (Saint-Denis Art. 4), software to the Éducation nationale (Dijon Art. 8, Saint-Denis Art. 6), and a
protocol where every step of an incident is dated (Saint-Denis Art. 4). The texts quoted to users live here,
once; the services decide when to show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .enums import EquipmentStatus, LabelledEnum
from .i18n import N_, _
from .validation import format_date, parse_date

# -- vocabularies ----------------------------------------------------------------------------------------------


class IncidentNature(LabelledEnum):
    MATERIEL = "materiel"
    SYSTEME = "systeme"
    RESEAU = "reseau"
    LOGICIEL = "logiciel"
    AUTRE = "autre"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"materiel": N_("Matériel"), "systeme": N_("Système"), "reseau": N_("Réseau / internet"),
                "logiciel": N_("Logiciel éducatif ou bureautique"), "autre": N_("Autre")}

    @property
    def is_breakdown(self) -> bool:
        """The item itself does not work: it is marked « en panne » while the incident is open."""
        return self in (IncidentNature.MATERIEL, IncidentNature.SYSTEME, IncidentNature.RESEAU)


class Urgency(LabelledEnum):
    BASSE = "basse"
    NORMALE = "normale"
    HAUTE = "haute"
    BLOQUANTE = "bloquante"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"basse": N_("Faible"), "normale": N_("Normale"), "haute": N_("Haute"),
                "bloquante": N_("Bloquante")}

    @property
    def rank(self) -> int:
        return list(Urgency).index(self)


class ReporterRole(LabelledEnum):
    DIRECTION = "direction"
    ENSEIGNANT = "enseignant"
    SECRETARIAT = "secretariat"
    ERUN = "erun"
    TECHNICIEN = "technicien"
    AUTRE = "autre"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"direction": N_("Directeur / directrice"), "enseignant": N_("Enseignant(e)"),
                "secretariat": N_("Secrétariat"), "erun": N_("ERUN"),
                "technicien": N_("Technicien de la cellule maintenance"), "autre": N_("Autre")}


class IncidentStatus(LabelledEnum):
    NOUVEAU = "nouveau"
    PRIS_EN_CHARGE = "pris_en_charge"
    EN_COURS = "en_cours"
    RESOLU = "resolu"
    CLOS = "clos"
    REFUSE_HORS_PLAN = "refuse_hors_plan"
    TRANSMIS_EN = "transmis_education_nationale"
    ENVOYE_FOURNISSEUR = "envoye_fournisseur"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"nouveau": N_("Nouveau"), "pris_en_charge": N_("Pris en charge"), "en_cours": N_("En cours"),
                "resolu": N_("Résolu"), "clos": N_("Clos"),
                "refuse_hors_plan": N_("Refusé — matériel hors plan"),
                "transmis_education_nationale": N_("Transmis à l'Éducation nationale"),
                "envoye_fournisseur": N_("Envoyé au fournisseur (garantie)")}

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL

    @property
    def is_open(self) -> bool:
        return self not in TERMINAL


TERMINAL = frozenset({IncidentStatus.CLOS, IncidentStatus.REFUSE_HORS_PLAN, IncidentStatus.TRANSMIS_EN,
                      IncidentStatus.ENVOYE_FOURNISSEUR})
# Incidents the cell still has to work on: the default of the maintenance queue (« résolu » awaits closing only).
TO_DO = (IncidentStatus.NOUVEAU, IncidentStatus.PRIS_EN_CHARGE, IncidentStatus.EN_COURS)

# Forward only: no step goes back, and every step is dated and signed. Terminal outcomes end the incident.
TRANSITIONS: dict[IncidentStatus, tuple[IncidentStatus, ...]] = {
    IncidentStatus.NOUVEAU: (IncidentStatus.PRIS_EN_CHARGE, IncidentStatus.REFUSE_HORS_PLAN,
                             IncidentStatus.TRANSMIS_EN),
    IncidentStatus.PRIS_EN_CHARGE: (IncidentStatus.EN_COURS, IncidentStatus.RESOLU, IncidentStatus.REFUSE_HORS_PLAN,
                                    IncidentStatus.TRANSMIS_EN, IncidentStatus.ENVOYE_FOURNISSEUR),
    IncidentStatus.EN_COURS: (IncidentStatus.RESOLU, IncidentStatus.REFUSE_HORS_PLAN, IncidentStatus.TRANSMIS_EN,
                              IncidentStatus.ENVOYE_FOURNISSEUR),
    IncidentStatus.RESOLU: (IncidentStatus.CLOS,),
}


class InterventionType(LabelledEnum):
    INSTALLATION = "installation"
    DIAGNOSTIC = "diagnostic"
    DEPANNAGE_MATERIEL = "depannage_materiel"
    REINSTALLATION_SYSTEME = "reinstallation_systeme"
    RESEAU = "reseau"
    REMPLACEMENT_PIECE = "remplacement_piece"
    DEMENAGEMENT = "demenagement"
    MISE_AU_REBUT = "mise_au_rebut"
    RETOUR_GARANTIE = "retour_garantie"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"installation": N_("Installation"), "diagnostic": N_("Diagnostic"),
                "depannage_materiel": N_("Dépannage matériel"),
                "reinstallation_systeme": N_("Réinstallation système"), "reseau": N_("Réseau"),
                "remplacement_piece": N_("Remplacement de pièce"), "demenagement": N_("Déménagement"),
                "mise_au_rebut": N_("Mise au rebut"), "retour_garantie": N_("Retour garantie")}

    @property
    def needs_equipment(self) -> bool:
        """Network work, installations, moves and diagnoses may concern a whole school or room."""
        return self in (InterventionType.DEPANNAGE_MATERIEL, InterventionType.REINSTALLATION_SYSTEME,
                        InterventionType.REMPLACEMENT_PIECE, InterventionType.MISE_AU_REBUT,
                        InterventionType.RETOUR_GARANTIE)


# Saint-Denis Art. 4: while the supplier's warranty runs, the city only diagnoses and sends the item back.
UNDER_WARRANTY_TYPES = (InterventionType.DIAGNOSTIC, InterventionType.RETOUR_GARANTIE)


class InterventionOutcome(LabelledEnum):
    RESOLU = "resolu"
    ATTENTE_PIECE = "attente_piece"
    A_REVOIR = "a_revoir"
    IRREPARABLE = "irreparable"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"resolu": N_("Résolu"), "attente_piece": N_("En attente de pièce"), "a_revoir": N_("À revoir"),
                "irreparable": N_("Irréparable — réforme proposée")}


# -- service targets (the "overdue" flag) ------------------------------------------------------------------------

@dataclass(frozen=True)
class ServiceTarget:
    take_charge: timedelta
    resolve: timedelta


# The conventions set no delay: these are the cell's own targets, in calendar time from the report (weekends and
# school holidays count) so that a figure is easy to explain to a steering committee. An incident is overdue when
# it is still « nouveau » after ``take_charge``, or not resolved after ``resolve``.
SERVICE_TARGETS: dict[Urgency, ServiceTarget] = {
    Urgency.BLOQUANTE: ServiceTarget(take_charge=timedelta(hours=4), resolve=timedelta(days=2)),
    Urgency.HAUTE: ServiceTarget(take_charge=timedelta(days=1), resolve=timedelta(days=5)),
    Urgency.NORMALE: ServiceTarget(take_charge=timedelta(days=2), resolve=timedelta(days=15)),
    Urgency.BASSE: ServiceTarget(take_charge=timedelta(days=5), resolve=timedelta(days=30)),
}


def due_at(status: IncidentStatus, urgency: Urgency, reported_at: datetime) -> datetime | None:
    """The next deadline of an open incident: take charge while new, then resolution; None once resolved."""
    target = SERVICE_TARGETS[urgency]
    if status is IncidentStatus.NOUVEAU:
        return reported_at + target.take_charge
    if status in TO_DO:
        return reported_at + target.resolve
    return None


def is_overdue(status: IncidentStatus, urgency: Urgency, reported_at: datetime, now: datetime) -> bool:
    """Late on either target (a new incident may be within its take-charge delay yet past resolution)."""
    target = SERVICE_TARGETS[urgency]
    if status not in TO_DO:
        return False
    late_take = status is IncidentStatus.NOUVEAU and now > reported_at + target.take_charge
    return late_take or now > reported_at + target.resolve


# -- the articles, quoted ----------------------------------------------------------------------------------------

DIJON_ART8_OUT_OF_PLAN = N_("Le matériel acquis ou cédé en dehors de ce plan d'équipement échappe à la présente "
                            "convention : aucune installation spécifique ou demande de maintenance ne pourront être "
                            "demandées ou réalisées pour celui-ci.")
SAINT_DENIS_ART4_OUT_OF_PLAN = N_("la maintenance de tout matériel acquis sur des fonds propres ou par le biais de "
                                  "dons ne pourra faire l'objet d'intervention des services municipaux")
SAINT_DENIS_ART4_WARRANTY = N_("La maintenance technique du matériel acquis par la collectivité à l'issue de la "
                               "période de garantie du fournisseur")
DIJON_ART8_SOFTWARE = N_("La maintenance des logiciels éducatifs et bureautiques sera assurée par les animateurs "
                         "TICE de l'inspection académique.")
SAINT_DENIS_ART6_SOFTWARE = N_("la fourniture des logiciels éducatifs reconnus d'intérêt pédagogique, la fourniture "
                               "d'une suite bureautique logicielle, la fourniture d'une solution antivirus sur tous "
                               "les postes des écoles")


def out_of_plan_citation() -> str:
    return _("Convention TICE de Dijon, art. 8 : « {dijon} » Convention de Saint-Denis, art. 4 : « {sd} ».").format(
        dijon=_(DIJON_ART8_OUT_OF_PLAN), sd=_(SAINT_DENIS_ART4_OUT_OF_PLAN))


def out_of_plan_message(number: str, origin: str) -> str:
    return _("Intervention refusée : l'équipement {number} est hors plan ({origin}). {citation} Le signalement qui "
             "le concerne ne peut être clos que comme « {refused} ».").format(
        number=number, origin=origin, citation=out_of_plan_citation(),
        refused=IncidentStatus.REFUSE_HORS_PLAN.label)


def out_of_plan_incident_message(incident_id: int, number: str, target: IncidentStatus) -> str:
    return _("Le signalement n° {id} concerne l'équipement {number}, hors plan : il ne peut pas passer à « {target} », "
             "il ne peut être clos que comme « {refused} ». {citation}").format(
        id=incident_id, number=number, target=target.label, refused=IncidentStatus.REFUSE_HORS_PLAN.label,
        citation=out_of_plan_citation())


def warranty_message(number: str, until: date, supplier: str) -> str:
    by = _(" ({supplier})").format(supplier=supplier) if supplier else ""
    return _("L'équipement {number} est sous garantie du fournisseur{by} jusqu'au {until} : seules les interventions "
             "« {diag} » et « {back} » sont possibles. Convention de Saint-Denis, art. 4 : la Ville assure « {quote} ». "
             "Envoyez le matériel au fournisseur et notez le numéro de ticket qu'il vous donne.").format(
        number=number, by=by, until=format_date(until), diag=InterventionType.DIAGNOSTIC.label,
        back=InterventionType.RETOUR_GARANTIE.label, quote=_(SAINT_DENIS_ART4_WARRANTY))


def warranty_over_message(number: str, ended: date | None) -> str:
    if ended is None:
        return _("L'équipement {number} n'a pas de date de fin de garantie : un retour au fournisseur n'est pas "
                 "possible. Indiquez la fin de garantie sur sa fiche si elle court encore.").format(number=number)
    return _("La garantie du fournisseur de l'équipement {number} a pris fin le {ended} : la Ville en assure "
             "maintenant la maintenance (convention de Saint-Denis, art. 4), un retour garantie n'est plus "
             "possible.").format(number=number, ended=format_date(ended))


def software_message(incident_id: int) -> str:
    return _("Le signalement n° {id} concerne un logiciel éducatif ou bureautique : la cellule maintenance ne le "
             "traite pas, il est transmis à l'Éducation nationale (animateurs TICE). Convention TICE de Dijon, art. 8 : "
             "« {dijon} » Convention de Saint-Denis, art. 6 : le Rectorat assure « {sd} ». Utilisez « {forward} ». "
             "S'il s'agit en fait du matériel ou du système, changez d'abord la nature du signalement.").format(
        id=incident_id, dijon=_(DIJON_ART8_SOFTWARE), sd=_(SAINT_DENIS_ART6_SOFTWARE),
        forward=IncidentStatus.TRANSMIS_EN.label)


def not_software_message(incident_id: int, nature: IncidentNature) -> str:
    return _("Le signalement n° {id} est de nature « {nature} » : il relève de la cellule maintenance de la Ville "
             "(convention TICE de Dijon, art. 8 ; convention de Saint-Denis, art. 4). Seuls les signalements sur les "
             "logiciels éducatifs ou bureautiques sont transmis à l'Éducation nationale ; changez la nature du "
             "signalement si c'est le cas.").format(id=incident_id, nature=nature.label)


def out_of_fleet_message(number: str, status: EquipmentStatus, since: date | None) -> str:
    when = _(" depuis le {date}").format(date=format_date(since)) if since else ""
    return _("L'équipement {number} est « {status} »{when} : il ne fait plus partie du parc, aucune intervention ni "
             "aucun signalement n'est possible.").format(number=number, status=status.label, when=when)


# -- plain records handed out by the services ----------------------------------------------------------------------

@dataclass(frozen=True)
class IncidentStepInfo:
    status: IncidentStatus
    at: datetime
    by: str
    note: str = ""


@dataclass(frozen=True)
class IncidentInfo:
    id: int
    school_id: int
    school_uai: str
    school_name: str
    reporter_name: str
    reporter_role: ReporterRole
    reported_at: datetime
    description: str
    nature: IncidentNature
    urgency: Urgency
    status: IncidentStatus
    equipment_id: int | None = None
    equipment_number: str | None = None
    equipment_label: str | None = None
    equipment_in_plan: bool | None = None
    warranty_end: date | None = None
    assigned_to: str = ""
    taken_at: datetime | None = None
    resolved_at: datetime | None = None
    ended_at: datetime | None = None
    minutes_to_take_charge: int | None = None
    minutes_to_resolve: int | None = None
    supplier_ticket: str = ""
    steps: tuple[IncidentStepInfo, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def out_of_plan(self) -> bool:
        return self.equipment_in_plan is False


@dataclass(frozen=True)
class QueueEntry:
    """One line of the maintenance queue: the incident, its age and whether it is late (see SERVICE_TARGETS)."""

    incident: IncidentInfo
    age: timedelta
    overdue: bool
    due_at: datetime | None

    @property
    def age_label(self) -> str:
        return format_minutes(int(self.age.total_seconds() // 60))


@dataclass(frozen=True)
class PartInfo:
    designation: str
    reference: str = ""
    quantity: int = 1
    cost_cents: int | None = None


@dataclass(frozen=True)
class InterventionInfo:
    id: int
    date: date
    start_time: time
    duration_minutes: int
    technician: str
    type: InterventionType
    outcome: InterventionOutcome
    actions: str = ""
    school_id: int | None = None
    school_uai: str | None = None
    school_name: str | None = None
    room_id: int | None = None
    room_name: str | None = None
    equipment_id: int | None = None
    equipment_number: str | None = None
    equipment_label: str | None = None
    supplier_ticket: str = ""
    notes: str = ""
    parts: tuple[PartInfo, ...] = ()
    incident_ids: tuple[int, ...] = ()

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date, self.start_time)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def retirement_proposed(self) -> bool:
        return self.outcome is InterventionOutcome.IRREPARABLE or self.type is InterventionType.MISE_AU_REBUT


@dataclass(frozen=True)
class InterventionResult:
    """What recording an intervention did: the equipment's new status, the incidents moved, notices to show."""

    intervention: InterventionInfo
    equipment_status: EquipmentStatus | None
    incidents: tuple[IncidentInfo, ...]
    retirement_proposed: bool
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class InterventionDraft:
    """A pre-filled intervention for quick entry from the queue or from an item; ``refusal`` says why none is
    possible (the article quoted), ``allowed_types`` what the warranty leaves."""

    date: date
    start_time: time
    technician: str
    type: InterventionType
    allowed_types: tuple[InterventionType, ...]
    school_id: int | None = None
    school_name: str | None = None
    room_id: int | None = None
    room_name: str | None = None
    equipment_id: int | None = None
    equipment_number: str | None = None
    incident_ids: tuple[int, ...] = ()
    warranty_end: date | None = None
    refusal: str | None = None

    @property
    def under_warranty(self) -> bool:
        return self.warranty_end is not None and self.warranty_end >= self.date


@dataclass(frozen=True)
class SchoolMaintenanceHistory:
    school_id: int
    school_name: str
    incidents: tuple[IncidentInfo, ...]
    interventions: tuple[InterventionInfo, ...]

    @property
    def minutes(self) -> int:
        return sum(i.duration_minutes for i in self.interventions)


@dataclass(frozen=True)
class Tally:
    """Interventions and time spent for one school, category, type or month."""

    key: str
    label: str
    interventions: int
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)


@dataclass(frozen=True)
class DelayFigures:
    """Mean delays from the report; ``urgency`` None for all incidents together."""

    urgency: Urgency | None
    reported: int
    taken: int
    mean_minutes_to_take_charge: float | None
    resolved: int
    mean_minutes_to_resolve: float | None


@dataclass(frozen=True)
class RefusalTally:
    school_id: int
    school_uai: str
    school_name: str
    refused: int


@dataclass(frozen=True)
class MaintenanceFigures:
    start: date | None
    end: date | None
    interventions: int
    minutes: int
    by_school: tuple[Tally, ...]
    by_category: tuple[Tally, ...]
    by_type: tuple[Tally, ...]
    by_month: tuple[Tally, ...]
    delays: tuple[DelayFigures, ...]
    refused_out_of_plan: tuple[RefusalTally, ...]


# -- reading what users type -----------------------------------------------------------------------------------

def format_minutes(minutes: int | float | None) -> str:
    """``45`` → ``45 min``; ``125`` → ``2 h 05``; ``4560`` → ``3 j 4 h``."""
    if minutes is None:
        return ""
    total = int(round(minutes))
    if total < 60:
        return _("{m} min").format(m=total)
    hours, rest = divmod(total, 60)
    if hours < 24:
        return _("{h} h {m:02d}").format(h=hours, m=rest)
    days, hours = divmod(hours, 24)
    return _("{d} j {h} h").format(d=days, h=hours)


def parse_time(text: str) -> time:
    """``9:30``, ``09h30``, ``9h`` → a time; raises ValueError with a French message."""
    m = re.fullmatch(r"(\d{1,2})\s*[:hH]\s*(\d{2})?", (text or "").strip())
    if m:
        hours, minutes = int(m.group(1)), int(m.group(2) or 0)
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise ValueError(_("L'heure « {text} » n'est pas comprise : écrivez-la hh:mm (par exemple 09:30).").format(
        text=text))


def parse_datetime(text: str) -> datetime:
    """``14/03/2026 09:30`` or ISO ``2026-03-14T09:30``; a date alone means midnight."""
    t = (text or "").strip()
    try:
        return datetime.fromisoformat(t).replace(second=0, microsecond=0)
    except ValueError:
        pass
    day, _sep, clock = t.replace("T", " ").partition(" ")
    when = parse_date(day)
    return datetime.combine(when, parse_time(clock) if clock.strip() else time(0, 0))


def parse_minutes(text: str) -> int:
    """``90``, ``1h30``, ``1 h 30``, ``1:30``, ``2h`` → minutes; raises ValueError with a French message."""
    t = (text or "").strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(min|mn)?", t):
        return int(re.sub(r"\D", "", t))
    m = re.fullmatch(r"(\d+)[h:](\d{1,2})?(min|mn)?", t)
    if m and int(m.group(2) or 0) < 60:
        return int(m.group(1)) * 60 + int(m.group(2) or 0)
    raise ValueError(_("La durée « {text} » n'est pas comprise : écrivez des minutes (90) ou des heures (1 h 30).")
                     .format(text=text))
