"""``ticeinventory check``: the database file and the domain's invariants, checked read-only."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from ticeinventory.db import models as m
from ticeinventory.db.database import Database, head_revision
from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.i18n import _
from ticeinventory.domain.uai import is_valid


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class IntegrityService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def check(self) -> CheckReport:
        report = CheckReport()
        E = m.Equipment
        with self.db.reading() as session:
            if self.db.is_sqlite:
                result = [r[0] for r in session.execute(text("PRAGMA integrity_check"))]
                report.checked.append(_("structure du fichier SQLite (integrity_check)"))
                if result != ["ok"]:
                    report.problems.extend(_("Fichier endommagé : {detail}").format(detail=r) for r in result)
                fk = session.execute(text("PRAGMA foreign_key_check")).all()
                report.checked.append(_("références entre tables (foreign_key_check)"))
                for table, rowid, parent, _fkid in fk:
                    report.problems.append(_("La ligne {rowid} de « {table} » désigne une ligne absente de « {parent} ».")
                                           .format(rowid=rowid, table=table, parent=parent))
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            report.checked.append(_("version du schéma"))
            if revision != head_revision():
                report.problems.append(_("Le schéma est à la version {found}, l'application attend {expected}.")
                                       .format(found=revision, expected=head_revision()))

            report.checked.append(_("codes UAI"))
            for uai, name in session.execute(select(m.School.uai, m.School.name)):
                if not is_valid(uai):
                    report.problems.append(_("L'école « {name} » a un code UAI invalide : {uai}.").format(
                        name=name, uai=uai))

            report.checked.append(_("plan ou origine hors plan de chaque équipement"))
            for number in session.scalars(select(E.inventory_number).where(
                    (E.plan_id.is_(None)) == (E.funding_origin.is_(None)))):
                report.problems.append(_("L'équipement {number} doit être soit dans un plan, soit hors plan avec "
                                         "une origine.").format(number=number))

            report.checked.append(_("salle dans l'école de l'équipement"))
            mismatched = select(E.inventory_number).join(m.Room, E.room_id == m.Room.id).where(
                m.Room.school_id != E.school_id)
            for number in session.scalars(mismatched):
                report.problems.append(_("L'équipement {number} est rangé dans une salle d'une autre école.").format(
                    number=number))

            report.checked.append(_("phase appartenant au plan"))
            wrong_phase = select(E.inventory_number).join(m.PlanPhase, E.phase_id == m.PlanPhase.id).where(
                m.PlanPhase.plan_id != E.plan_id)
            for number in session.scalars(wrong_phase):
                report.problems.append(_("L'équipement {number} a une phase d'un autre plan.").format(number=number))

            report.checked.append(_("statuts connus, réformes datées"))
            known = [s.value for s in EquipmentStatus]
            for number, status in session.execute(select(E.inventory_number, E.status).where(E.status.not_in(known))):
                report.problems.append(_("L'équipement {number} a un statut inconnu : {status}.").format(
                    number=number, status=status))
            undated = session.scalar(select(func.count()).select_from(E).where(
                E.status == EquipmentStatus.REFORME.value, E.retired_on.is_(None)))
            if undated:
                report.problems.append(_("{n} équipement(s) réformé(s) sans date de réforme.").format(n=undated))
        return report
