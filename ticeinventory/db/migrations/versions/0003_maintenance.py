"""Maintenance: incidents with dated steps, interventions, their parts and linked incidents.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Only new tables: existing rows are not touched. Written from the models (autogenerate, reviewed by hand);
indexes are created in batch blocks so that SQLite and PostgreSQL take the same path.
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("equipment_id", sa.Integer(), nullable=True),
        sa.Column("reporter_name", sa.String(length=120), nullable=False),
        sa.Column("reporter_role", sa.String(length=20), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("nature", sa.String(length=20), nullable=False),
        sa.Column("urgency", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("assigned_to", sa.String(length=120), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("minutes_to_take_charge", sa.Integer(), nullable=True),
        sa.Column("minutes_to_resolve", sa.Integer(), nullable=True),
        sa.Column("supplier_ticket", sa.String(length=120), nullable=False),
        sa.CheckConstraint("status <> 'envoye_fournisseur' OR supplier_ticket <> ''",
                           name=op.f("ck_incidents_supplier_ticket_given")),
        sa.CheckConstraint("minutes_to_resolve IS NULL OR minutes_to_resolve >= 0",
                           name=op.f("ck_incidents_resolve_positive")),
        sa.CheckConstraint("minutes_to_take_charge IS NULL OR minutes_to_take_charge >= 0",
                           name=op.f("ck_incidents_take_charge_positive")),
        sa.ForeignKeyConstraint(["equipment_id"], ["equipment.id"], name=op.f("fk_incidents_equipment_id_equipment"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name=op.f("fk_incidents_school_id_schools"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_assigned_to"), ["assigned_to"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_equipment_id"), ["equipment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_reported_at"), ["reported_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_school_id"), ["school_id"], unique=False)
        batch_op.create_index("ix_incidents_status_urgency", ["status", "urgency"], unique=False)

    op.create_table(
        "incident_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"],
                                name=op.f("fk_incident_steps_incident_id_incidents"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_steps")),
    )
    with op.batch_alter_table("incident_steps", schema=None) as batch_op:
        batch_op.create_index("ix_incident_steps_incident_at", ["incident_id", "at"], unique=False)

    op.create_table(
        "interventions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("equipment_id", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("technician", sa.String(length=120), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("supplier_ticket", sa.String(length=120), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_interventions_duration_positive")),
        sa.CheckConstraint("equipment_id IS NOT NULL OR school_id IS NOT NULL",
                           name=op.f("ck_interventions_equipment_or_school")),
        sa.CheckConstraint("room_id IS NULL OR school_id IS NOT NULL", name=op.f("ck_interventions_room_needs_school")),
        sa.ForeignKeyConstraint(["equipment_id"], ["equipment.id"],
                                name=op.f("fk_interventions_equipment_id_equipment"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_interventions_room_id_rooms"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name=op.f("fk_interventions_school_id_schools"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interventions")),
    )
    with op.batch_alter_table("interventions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interventions_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_interventions_equipment_id"), ["equipment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interventions_school_id"), ["school_id"], unique=False)
        batch_op.create_index("ix_interventions_technician_date", ["technician", "date"], unique=False)

    op.create_table(
        "intervention_incidents",
        sa.Column("intervention_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"],
                                name=op.f("fk_intervention_incidents_incident_id_incidents"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["intervention_id"], ["interventions.id"],
                                name=op.f("fk_intervention_incidents_intervention_id_interventions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("intervention_id", "incident_id", name=op.f("pk_intervention_incidents")),
    )
    with op.batch_alter_table("intervention_incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intervention_incidents_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "intervention_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intervention_id", sa.Integer(), nullable=False),
        sa.Column("designation", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("cost_cents", sa.Integer(), nullable=True),
        sa.CheckConstraint("cost_cents IS NULL OR cost_cents >= 0", name=op.f("ck_intervention_parts_cost_positive")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_intervention_parts_quantity_positive")),
        sa.ForeignKeyConstraint(["intervention_id"], ["interventions.id"],
                                name=op.f("fk_intervention_parts_intervention_id_interventions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intervention_parts")),
    )
    with op.batch_alter_table("intervention_parts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intervention_parts_intervention_id"), ["intervention_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("intervention_parts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intervention_parts_intervention_id"))
    op.drop_table("intervention_parts")

    with op.batch_alter_table("intervention_incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intervention_incidents_incident_id"))
    op.drop_table("intervention_incidents")

    with op.batch_alter_table("interventions", schema=None) as batch_op:
        batch_op.drop_index("ix_interventions_technician_date")
        batch_op.drop_index(batch_op.f("ix_interventions_school_id"))
        batch_op.drop_index(batch_op.f("ix_interventions_equipment_id"))
        batch_op.drop_index(batch_op.f("ix_interventions_date"))
    op.drop_table("interventions")

    with op.batch_alter_table("incident_steps", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_steps_incident_at")
    op.drop_table("incident_steps")

    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_status_urgency")
        batch_op.drop_index(batch_op.f("ix_incidents_school_id"))
        batch_op.drop_index(batch_op.f("ix_incidents_reported_at"))
        batch_op.drop_index(batch_op.f("ix_incidents_equipment_id"))
        batch_op.drop_index(batch_op.f("ix_incidents_assigned_to"))
    op.drop_table("incidents")
