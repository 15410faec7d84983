"""SQLAlchemy 2 typed models. The schema itself is created and upgraded only by the Alembic migrations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Sequence(Base):
    """Counters behind generated inventory numbers, one per prefix."""

    __tablename__ = "sequences"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class School(Base):
    __tablename__ = "schools"
    id: Mapped[int] = mapped_column(primary_key=True)
    uai: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    commune: Mapped[str] = mapped_column(String(120), default="", index=True)
    circonscription: Mapped[str] = mapped_column(String(120), default="")
    holiday_zone: Mapped[str] = mapped_column(String(40), default="")
    director_name: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    rooms: Mapped[list[Room]] = relationship(back_populates="school", order_by="Room.name")


class Room(Base):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("school_id", "name", name="uq_rooms_school_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(30))
    notes: Mapped[str] = mapped_column(Text, default="")

    school: Mapped[School] = relationship(back_populates="rooms")


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    label: Mapped[str] = mapped_column(String(120), unique=True)
    lifetime_years: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Plan(Base):
    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="RESTRICT"))
    city: Mapped[str] = mapped_column(String(120), default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    signed_on: Mapped[date | None] = mapped_column(Date)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    budget_cents: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[Plan | None] = relationship(remote_side=[id])
    phases: Mapped[list[PlanPhase]] = relationship(back_populates="plan", order_by="PlanPhase.id")
    endowments: Mapped[list[Endowment]] = relationship(back_populates="plan", order_by="Endowment.id")


class PlanPhase(Base):
    __tablename__ = "plan_phases"
    __table_args__ = (UniqueConstraint("plan_id", "name", name="uq_plan_phases_plan_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[date | None] = mapped_column(Date)
    budget_cents: Mapped[int | None] = mapped_column(Integer)

    plan: Mapped[Plan] = relationship(back_populates="phases")


class Endowment(Base):
    """One line of a plan's standard endowment: school type × room kind × category × quantity."""

    __tablename__ = "endowments"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    school_type: Mapped[str] = mapped_column(String(20))
    room_kind: Mapped[str] = mapped_column(String(30))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(Integer)

    plan: Mapped[Plan] = relationship(back_populates="endowments")
    category: Mapped[Category] = relationship()


class Equipment(Base):
    __tablename__ = "equipment"
    __table_args__ = (
        # In the plan, or hors plan with the origin saying why: never both, never neither.
        CheckConstraint("(plan_id IS NULL) <> (funding_origin IS NULL)", name="plan_or_origin"),
        CheckConstraint("room_id IS NULL OR school_id IS NOT NULL", name="room_needs_school"),
        CheckConstraint("purchase_price_cents IS NULL OR purchase_price_cents >= 0", name="price_positive"),
        Index("ix_equipment_serial", "serial_number"),
        Index("ix_equipment_mac", "mac_address"),
        Index("ix_equipment_network_name", "network_name"),
        Index("ix_equipment_model", "manufacturer", "model"),  # the search's models (services.search, 0005)
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    inventory_number: Mapped[str] = mapped_column(String(40), unique=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="RESTRICT"), index=True)
    manufacturer: Mapped[str] = mapped_column(String(120), default="")
    model: Mapped[str] = mapped_column(String(120), default="")
    serial_number: Mapped[str] = mapped_column(String(120), default="")
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="RESTRICT"), index=True)
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("plan_phases.id", ondelete="RESTRICT"))
    funding_origin: Mapped[str | None] = mapped_column(String(30))
    acquisition_date: Mapped[date | None] = mapped_column(Date)
    supplier: Mapped[str] = mapped_column(String(200), default="")
    order_reference: Mapped[str] = mapped_column(String(120), default="")
    purchase_price_cents: Mapped[int | None] = mapped_column(Integer)
    warranty_end: Mapped[date | None] = mapped_column(Date)
    network_name: Mapped[str] = mapped_column(String(120), default="")
    mac_address: Mapped[str] = mapped_column(String(17), default="")
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    attribution: Mapped[str | None] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("equipment.id", ondelete="RESTRICT"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    assigned_on: Mapped[date | None] = mapped_column(Date)
    retired_on: Mapped[date | None] = mapped_column(Date)
    retirement_reason: Mapped[str] = mapped_column(Text, default="")

    category: Mapped[Category] = relationship()
    school: Mapped[School | None] = relationship()
    room: Mapped[Room | None] = relationship()
    plan: Mapped[Plan | None] = relationship()
    phase: Mapped[PlanPhase | None] = relationship()
    parent: Mapped[Equipment | None] = relationship(remote_side=[id])


class AuditLog(Base):
    """Who changed what, when, and through which front end. Written in the same transaction as the change."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))
    field: Mapped[str | None] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
