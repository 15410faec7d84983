"""Reference data: equipment categories and the four plans of the seed conventions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

The data is written out here, not imported from the application, so that this migration keeps
producing the same rows whatever the code becomes later.
"""
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CATEGORIES = [
    # code, label, expected lifetime in years
    ("PCF", "PC fixe", 6),
    ("ECR", "Écran", 8),
    ("PCP", "PC portable", 5),
    ("TAB", "Tablette", 4),
    ("IJM", "Imprimante jet d'encre multifonction", 5),
    ("ILC", "Imprimante laser couleur réseau", 7),
    ("ILN", "Imprimante laser N&B réseau", 7),
    ("COP", "Copieur multifonction", 6),
    ("NUM", "Numériseur", 7),
    ("TBI", "TBI / TNI", 8),
    ("VPI", "VPI", 7),
    ("VID", "Vidéoprojecteur", 7),
    ("CMO", "Classe mobile", 6),
    ("WIFI", "Borne Wi-Fi", 7),
    ("SWI", "Switch", 10),
    ("ROU", "Routeur", 8),
    ("TEL", "Téléphone", 8),
    ("ARM", "Armoire de recharge", 10),
    ("LOG", "Logiciel", 5),
    ("AUT", "Autre", 5),
]

PLANS = [
    {
        "code": "DIJON-2009",
        "title": "Convention de partenariat TICE dans les écoles dijonnaises — plan d'équipement initial",
        "kind": "convention",
        "parent": None,
        "city": "Dijon",
        "partners": "Ville de Dijon ; Éducation nationale (Inspection académique de la Côte-d'Or)",
        "signed_on": date(2009, 12, 14),
        "start_date": date(2009, 7, 1),
        "end_date": None,
        "budget_cents": 42_600_000,
        "notes": "Art. 1 : dotation initiale installée à l'été 2009 (plus de 600 postes, 426 000 €). "
                 "Art. 2 : phases ultérieures après avis du comité de pilotage. Art. 8 : le matériel acquis ou "
                 "cédé en dehors du plan échappe à la convention. Art. 10 : en fin de convention, le matériel "
                 "revient à la Ville sans indemnité. TBI : une quinzaine de groupes scolaires élémentaires.",
        "phases": [
            ("Dotation initiale (été 2009)", date(2009, 7, 1), 42_600_000),
            ("Tableaux blancs interactifs 2009/2010", date(2009, 9, 1), None),
        ],
        "endowments": [
            ("elementaire", "bureau_direction", "PCF", 1),
            ("elementaire", "bureau_direction", "ECR", 1),
            ("elementaire", "bureau_direction", "IJM", 1),
            ("elementaire", "bcd", "PCF", 1),
            ("elementaire", "bcd", "ECR", 1),
            ("elementaire", "bcd", "ILC", 1),
            ("elementaire", "salle_informatique", "PCF", 12),
            ("elementaire", "salle_informatique", "ECR", 12),
            ("elementaire", "salle_informatique", "ILN", 1),
            ("elementaire", "salle_informatique", "NUM", 1),
            ("elementaire", "salle_informatique", "LOG", 1),
            ("maternelle", "bureau_direction", "PCF", 1),
            ("maternelle", "bureau_direction", "ECR", 1),
            ("maternelle", "bureau_direction", "IJM", 1),
            ("autre_site", "salle_informatique", "PCF", 12),
            ("autre_site", "salle_informatique", "ECR", 12),
            ("autre_site", "salle_informatique", "ILN", 1),
            ("autre_site", "salle_informatique", "IJM", 1),
            ("autre_site", "salle_informatique", "NUM", 1),
            ("autre_site", "salle_informatique", "LOG", 1),
        ],
    },
    {
        "code": "DIJON-2015-AV2",
        "title": "Avenant n°2 — classes tablettes, VPI et dotation des écoles maternelles",
        "kind": "avenant",
        "parent": "DIJON-2009",
        "city": "Dijon",
        "partners": "Ville de Dijon ; Éducation nationale (DASEN de la Côte-d'Or) ; réseau Canopé",
        "signed_on": date(2015, 11, 16),
        "start_date": date(2015, 9, 1),
        "end_date": None,
        "budget_cents": 11_000_000,
        "notes": "Expérimentation d'au moins 5 classes tablettes et 5 VPI dans les écoles élémentaires "
                 "(environ 65 000 €) : ce matériel reste détenu par la Ville, non affecté, jusqu'à son "
                 "affectation définitive à une école. Chacune des 40 écoles maternelles publiques reçoit "
                 "1 ordinateur portable et 1 vidéoprojecteur (environ 45 000 €).",
        "phases": [
            ("Expérimentation classes tablettes et VPI (2015/2016)", date(2015, 9, 1), 6_500_000),
            ("Dotation des écoles maternelles", date(2015, 11, 16), 4_500_000),
        ],
        "endowments": [
            ("maternelle", "classe", "PCP", 1),
            ("maternelle", "classe", "VID", 1),
        ],
    },
    {
        "code": "SAINT-DENIS-2017",
        "title": "Convention relative au développement du numérique dans les écoles de Saint-Denis",
        "kind": "convention",
        "parent": None,
        "city": "Saint-Denis (La Réunion)",
        "partners": "Ville de Saint-Denis ; Académie de La Réunion",
        "signed_on": date(2017, 11, 25),
        "start_date": date(2017, 11, 25),
        "end_date": None,
        "budget_cents": None,
        "notes": "Art. 3 : équipement de base de la direction de chaque école. Art. 4 : maintenance par la Ville "
                 "après la garantie du fournisseur ; aucune intervention sur le matériel acquis sur fonds "
                 "propres ou donné ; protocole de signalement des incidents. Art. 6 : logiciels et antivirus "
                 "par le rectorat. Classe mobile : 14 tablettes, 1 portable, 1 vidéoprojecteur, 1 borne Wi-Fi.",
        "phases": [
            ("Équipement de base des directions", date(2017, 11, 25), None),
            ("Classes mobiles", date(2018, 1, 1), None),
        ],
        "endowments": [
            (school_type, room, category, quantity)
            for school_type in ("maternelle", "elementaire", "primaire")
            for room, category, quantity in (
                ("bureau_direction", "PCF", 1),
                ("bureau_direction", "TEL", 1),
                ("secretariat", "PCF", 1),
                ("secretariat", "COP", 1),
            )
        ],
    },
    {
        "code": "BDR-COLLEGES-2017",
        "title": "Collèges numériques — plan numérique 2017 des Bouches-du-Rhône",
        "kind": "convention",
        "parent": None,
        "city": "Département des Bouches-du-Rhône",
        "partners": "Département des Bouches-du-Rhône ; Académie d'Aix-Marseille ; chaque collège",
        "signed_on": date(2017, 9, 15),
        "start_date": date(2017, 9, 1),
        "end_date": None,
        "budget_cents": 511_178_000,
        "notes": "Une tablette individuelle par élève de 5e et par enseignant concerné, avec armoires de "
                 "recharge ; le Département reste propriétaire et gère les tablettes (MDM). Art. 3.2 : "
                 "subvention de l'État sur un coût plafonné à 380 € par équipement (50 % pour un élève, "
                 "100 % pour un enseignant), 30 € de ressources par élève et par enseignant. Quantités "
                 "indicatives par classe.",
        "phases": [
            ("Rentrée 2017 (classes de 5e)", date(2017, 9, 1), 152_551_000),
        ],
        "endowments": [
            ("college", "classe", "TAB", 28),
            ("college", "classe", "ARM", 1),
        ],
    },
]


def upgrade() -> None:
    conn = op.get_bind()
    meta = sa.MetaData()
    categories = sa.Table("categories", meta, autoload_with=conn)
    plans = sa.Table("plans", meta, autoload_with=conn)
    phases = sa.Table("plan_phases", meta, autoload_with=conn)
    endowments = sa.Table("endowments", meta, autoload_with=conn)

    category_ids = {}
    for code, label, lifetime in CATEGORIES:
        result = conn.execute(categories.insert().values(code=code, label=label, lifetime_years=lifetime,
                                                         active=True))
        category_ids[code] = result.inserted_primary_key[0]

    plan_ids = {}
    for plan in PLANS:
        result = conn.execute(plans.insert().values(
            code=plan["code"], title=plan["title"], kind=plan["kind"], parent_id=plan_ids.get(plan["parent"]),
            city=plan["city"], partners=plan["partners"], signed_on=plan["signed_on"],
            start_date=plan["start_date"], end_date=plan["end_date"], budget_cents=plan["budget_cents"],
            notes=plan["notes"]))
        plan_id = plan_ids[plan["code"]] = result.inserted_primary_key[0]
        for name, start, budget in plan["phases"]:
            conn.execute(phases.insert().values(plan_id=plan_id, name=name, start_date=start, budget_cents=budget))
        for school_type, room_kind, category, quantity in plan["endowments"]:
            conn.execute(endowments.insert().values(plan_id=plan_id, school_type=school_type, room_kind=room_kind,
                                                    category_id=category_ids[category], quantity=quantity))


def downgrade() -> None:
    op.execute("DELETE FROM endowments")
    op.execute("DELETE FROM plan_phases")
    op.execute("UPDATE plans SET parent_id = NULL")
    op.execute("DELETE FROM plans")
    op.execute("DELETE FROM categories")
