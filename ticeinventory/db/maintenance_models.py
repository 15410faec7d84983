"""Maintenance tables: incidents with their dated steps, interventions with their parts and linked incidents.

On the same ``Base`` as :mod:`ticeinventory.db.models`, so the audit hook records every row and Alembic sees one
metadata. The incident row keeps its current status and the measured delays (in whole minutes) next to the step
history, so that queues and figures are plain SQL on any backend.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .models import Base, Equipment, Room, School


class Incident(Base):
    """A signalement: a school reports, the cell takes it, intervenes, closes (Saint-Denis Art. 4)."""

    __tablename__ = "incidents"
    __table_args__ = (
        CheckConstraint("status <> 'envoye_fournisseur' OR supplier_ticket <> ''", name="supplier_ticket_given"),
        CheckConstraint("minutes_to_take_charge IS NULL OR minutes_to_take_charge >= 0", name="take_charge_positive"),
        CheckConstraint("minutes_to_resolve IS NULL OR minutes_to_resolve >= 0", name="resolve_positive"),
        Index("ix_incidents_status_urgency", "status", "urgency"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"), index=True)
    equipment_id: Mapped[int | None] = mapped_column(ForeignKey("equipment.id", ondelete="RESTRICT"), index=True)
    reporter_name: Mapped[str] = mapped_column(String(120))
    reporter_role: Mapped[str] = mapped_column(String(20))
    reported_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    description: Mapped[str] = mapped_column(Text)
    nature: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30))
    assigned_to: Mapped[str] = mapped_column(String(120), default="", index=True)
    taken_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    minutes_to_take_charge: Mapped[int | None] = mapped_column(Integer)
    minutes_to_resolve: Mapped[int | None] = mapped_column(Integer)
    supplier_ticket: Mapped[str] = mapped_column(String(120), default="")

    school: Mapped[School] = relationship()
    equipment: Mapped[Equipment | None] = relationship()
    steps: Mapped[list[IncidentStep]] = relationship(back_populates="incident", order_by="IncidentStep.id",
                                                     cascade="all, delete-orphan")


class IncidentStep(Base):
    """One dated, signed step of an incident's life (the first one is the report itself)."""

    __tablename__ = "incident_steps"
    __table_args__ = (Index("ix_incident_steps_incident_at", "incident_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(Text, default="")

    incident: Mapped[Incident] = relationship(back_populates="steps")


class Intervention(Base):
    """Work done by a technician on an item, or on a school or room (network work)."""

    __tablename__ = "interventions"
    __table_args__ = (
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint("equipment_id IS NOT NULL OR school_id IS NOT NULL", name="equipment_or_school"),
        CheckConstraint("room_id IS NULL OR school_id IS NOT NULL", name="room_needs_school"),
        Index("ix_interventions_technician_date", "technician", "date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    equipment_id: Mapped[int | None] = mapped_column(ForeignKey("equipment.id", ondelete="RESTRICT"), index=True)
    # Where the work was done, kept even if the item moves later (figures per school stay true).
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="RESTRICT"))
    date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time] = mapped_column(Time)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    technician: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(20))
    actions: Mapped[str] = mapped_column(Text, default="")
    supplier_ticket: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    equipment: Mapped[Equipment | None] = relationship()
    school: Mapped[School | None] = relationship()
    room: Mapped[Room | None] = relationship()
    parts: Mapped[list[InterventionPart]] = relationship(back_populates="intervention",
                                                         order_by="InterventionPart.id",
                                                         cascade="all, delete-orphan")
    links: Mapped[list[InterventionIncident]] = relationship(back_populates="intervention",
                                                             cascade="all, delete-orphan")


class InterventionIncident(Base):
    """An intervention answers one or more incidents (one network repair may settle several reports)."""

    __tablename__ = "intervention_incidents"
    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id", ondelete="CASCADE"),
                                                 primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="RESTRICT"), primary_key=True,
                                             index=True)

    intervention: Mapped[Intervention] = relationship(back_populates="links")
    incident: Mapped[Incident] = relationship()


class InterventionPart(Base):
    __tablename__ = "intervention_parts"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("cost_cents IS NULL OR cost_cents >= 0", name="cost_positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id", ondelete="CASCADE"), index=True)
    designation: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str] = mapped_column(String(120), default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    cost_cents: Mapped[int | None] = mapped_column(Integer)

    intervention: Mapped[Intervention] = relationship(back_populates="parts")
