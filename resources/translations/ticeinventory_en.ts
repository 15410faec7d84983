<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="fr_FR">
<context>
    <name></name>
    <message>
        <location filename="../../ticeinventory/ui/import_pages.py" line="+171"/>
        <location line="+17"/>
        <source>Ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Colonne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valeur lue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>École</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Résultat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ce qui change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ticeinventory/ui/undo.py" line="+47"/>
        <source>L&apos;opération n&apos;a pas abouti (la base de données l&apos;a refusée)&#xa0;; rien n&apos;a été modifié. Si cela se reproduit, transmettez le journal à la cellule de maintenance informatique.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+198"/>
        <source>Modifier {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Créer un équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Créer {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Dupliquer {number} ×{count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Créer l&apos;école « {name} »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Modifier l&apos;école « {name} »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Créer la salle « {name} »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Modifier la salle « {name} »</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>About</name>
    <message>
        <location filename="../../ticeinventory/ui/about.py" line="+20"/>
        <source>TICE Inventaire {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inventaire et maintenance du matériel informatique des écoles publiques de la ville, dans le cadre des conventions TICE passées avec l&apos;Éducation nationale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Le matériel acquis ou cédé hors plan d&apos;équipement n&apos;est pas maintenu par la ville (convention de Dijon, article 8).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Base ouverte&#xa0;: {database}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence publique de l&apos;Union européenne (EUPL 1.2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>À propos de TICE Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchSheetsDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/report_dialogs.py" line="+476"/>
        <source>Fiches d&apos;inventaire de toutes les écoles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fiches d&apos;inventaire {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Parcourir…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Code-barres (Code 128) sous chaque numéro d&apos;inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inclure le matériel &amp;réformé, perdu ou volé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} écoles : une fiche PDF par école, nommée d&apos;après son UAI et son nom (ex. 0210001A_ecole-elementaire-jean-mace.pdf). Le dossier est créé s&apos;il n&apos;existe pas ; une fiche du même nom y est remplacée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 école : une fiche PDF nommée d&apos;après son UAI et son nom.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Dossier :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Dossier des fiches</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BulkEditDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/bulk_edit_dialog.py" line="+35"/>
        <source>Modification groupée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Appliquer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cochez les champs à modifier&#xa0;: les autres gardent la valeur de chaque équipement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(sans salle)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>vide&#xa0;: efface le fournisseur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Financement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Équipements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Salle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;tatut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F&amp;ournisseur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fin de &amp;garantie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Les équipements choisis ne sont pas tous dans la même école&#xa0;: utilisez «&#xa0;Déplacer vers…&#xa0;».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cochez au moins un champ à modifier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dans le stock de la ville, un équipement ne peut pas être «&#xa0;{status}&#xa0;»&#xa0;: affectez d&apos;abord à une école {numbers}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChoiceDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/report_dialogs.py" line="-407"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CityInventoryDialog</name>
    <message>
        <location line="+44"/>
        <source>Inventaire général</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Aperçu…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Toutes les écoles ({n}) et le stock de la ville</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Les écoles &amp;cochées :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Filtrer par nom, commune ou UAI…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Tout cocher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tout décocher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Détail des équipements de chaque école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inclure le matériel &amp;réformé, perdu ou volé</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message>
        <location filename="../../ticeinventory/ui/texts.py" line="+30"/>
        <source>{n} équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} équipements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{items} — {in_plan} dans le plan, {out} hors plan</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatabaseOpener</name>
    <message>
        <location filename="../../ticeinventory/ui/database_opener.py" line="+103"/>
        <source>Le fichier «&#xa0;{path}&#xa0;» n&apos;existe pas ou est vide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Le fichier «&#xa0;{path}&#xa0;» existe déjà&#xa0;: choisissez un autre nom, ou ouvrez-le avec Fichier ▸ Ouvrir….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>La base «&#xa0;{where}&#xa0;» n&apos;a pas pu être ouverte&#xa0;: {error}. Vérifiez que le fichier est accessible, puis réessayez.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>La base «&#xa0;{path}&#xa0;» n&apos;a pas pu être créée&#xa0;: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatabasePrompts</name>
    <message>
        <location filename="../../ticeinventory/ui/database_prompts.py" line="+36"/>
        <source>Ouvrir une base TICE Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Créer une nouvelle base TICE Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ecoles.sqlite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nouvelle base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Que doit contenir la nouvelle base&#xa0;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Base &amp;vide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Base de &amp;démonstration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Base de données impossible à ouvrir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Ouvrir un autre fichier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>TICE Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Bases TICE Inventaire (*.sqlite *.db)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tous les fichiers (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoBuild</name>
    <message>
        <location filename="../../ticeinventory/ui/demo_build.py" line="+44"/>
        <source>Construction de la ville de démonstration (écoles, salles, matériel)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Base de démonstration</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <location filename="../../ticeinventory/ui/detail_panel.py" line="+41"/>
        <source>Fi&amp;che</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inter&amp;ventions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Histori&amp;que</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tous les champs de l&apos;équipement (Alt+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Les interventions de la cellule sur cet équipement (Alt+V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qui a modifié quoi et quand (Alt+Q)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/duplicate_dialog.py" line="+24"/>
        <source>Dupliquer {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dupliquer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{number} — {category} {model}
{place} — {funding}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source> copie(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Un numéro de série par ligne, dans l&apos;ordre des copies (facultatif&#xa0;: vous pourrez les saisir plus tard).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Les copies reçoivent des numéros d&apos;inventaire consécutifs. Les numéros de série non donnés, les adresses MAC et IP et le nom réseau restent à renseigner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Modèle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Nombre de copies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Numéros de &amp;série</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>les numéros de série</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{n} numéro(s) de série pour {count} copie(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{n} numéros de série pour {count} copie(s)&#xa0;: il y en a trop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Le numéro de série {serial} est donné deux fois.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Le numéro de série {serial}… dépasse {n} caractères.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EditController</name>
    <message>
        <location filename="../../ticeinventory/ui/edit_controller.py" line="+75"/>
        <source>&amp;Nouvel équipement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saisir un nouvel équipement, dans le lieu choisi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Modifier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ouvrir la fiche de l&apos;équipement choisi (plusieurs&#xa0;: modification groupée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>D&amp;upliquer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Créer des copies de l&apos;équipement choisi (par exemple 12 PC identiques)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dé&amp;placer vers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Déplacer les équipements choisis vers une école, une salle ou le stock de la ville</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Changer le &amp;statut…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>En panne, en réparation, perdu…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ré&amp;former…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sortir définitivement du parc les équipements choisis, avec le motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Modification &amp;groupée…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changer la salle, le statut, le plan, le fournisseur ou la garantie de tous les équipements choisis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nouvelle é&amp;cole…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ajouter une école (code UAI, adresse, direction)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Modifier l&apos;éc&amp;ole…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modifier la fiche de l&apos;école choisie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nouvelle sa&amp;lle…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ajouter une salle à l&apos;école choisie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Modifier la sall&amp;e…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Renommer la salle choisie ou changer son type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+51"/>
        <source>&amp;Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Annuler la dernière modification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+50"/>
        <source>&amp;Rétablir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-50"/>
        <source>Rétablir la modification annulée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+47"/>
        <source>&amp;Annuler «&#xa0;{what}&#xa0;»</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Rétablir «&#xa0;{what}&#xa0;»</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+151"/>
        <source>Annulé&#xa0;: {what}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rétabli&#xa0;: {what}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>TICE Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Équipement {number} créé. Ctrl+Z pour annuler.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fiche {number} enregistrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{n} copie(s) de {number} créée(s)&#xa0;: {first} à {last}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{n} équipement(s) réformé(s). Ctrl+Z pour annuler.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>École «&#xa0;{name}&#xa0;» créée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>École «&#xa0;{name}&#xa0;» enregistrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Salle «&#xa0;{name}&#xa0;» créée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Salle «&#xa0;{name}&#xa0;» enregistrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>le stock de la ville</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EquipmentDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/equipment_dialog.py" line="+228"/>
        <source>Nouvel équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Équipement {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+46"/>
        <source>attribué à l&apos;enregistrement si vide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>— Choisir la catégorie —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>n° d&apos;inventaire du PC, du chariot…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(non précisée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Pour changer le statut&#xa0;: «&#xa0;Changer le statut…&#xa0;» ou «&#xa0;Réformer…&#xa0;».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+34"/>
        <source>ex. 192.168.1.20</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>N° d&apos;&amp;inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>le numéro d&apos;inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Catégorie&#xa0;*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>la catégorie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mar&amp;que</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mo&amp;dèle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N° de &amp;série</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rattaché à</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attri&amp;bution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Éc&amp;ole</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>l&apos;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sa&amp;lle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;tatut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remarq&amp;ues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date d&apos;&amp;acquisition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pri&amp;x d&apos;achat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Fournisseur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Réf. de commande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fin de garantie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nom réseau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adresse &amp;MAC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adresse IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Identification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Emplacement et état</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Achat et garantie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Réseau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Choisissez la catégorie (PC fixe, Écran, Tablette…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Un équipement du stock de la ville ne peut pas être «&#xa0;{status}&#xa0;»&#xa0;: choisissez une école ou laissez-le «&#xa0;En stock&#xa0;».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>La date d&apos;acquisition ({date}) est dans le futur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Un équipement ne peut pas être rattaché à lui-même.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{category} {model} — {place}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Réformé le {date} (motif&#xa0;: {reason})&#xa0;: la fiche ne peut plus être modifiée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EquipmentInterventionsView</name>
    <message>
        <location filename="../../ticeinventory/ui/maintenance_history.py" line="+500"/>
        <source>Interventions sur l&apos;équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saisir une &amp;intervention…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{count}, {time} de travail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} intervention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} interventions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aucune intervention sur cet équipement.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EquipmentSheet</name>
    <message>
        <location filename="../../ticeinventory/ui/equipment_sheet.py" line="+131"/>
        <source>Catégorie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Marque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Modèle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N° de série</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Réforme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>École</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Salle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Affecté le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rattaché à</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Acquisition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fournisseur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Réf. de commande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prix d&apos;achat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Garantie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nom réseau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adresse MAC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Adresse IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Attribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Choisissez un équipement dans la liste pour voir sa fiche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{name} (UAI {uai})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stock de la ville (non affecté)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>le {date}&#xa0;: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>non renseignée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>jusqu&apos;au {date} inclus — sous garantie&#xa0;: une panne va au fournisseur (convention de Saint-Denis, article 4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>terminée le {date}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EquipmentTableModel</name>
    <message>
        <location filename="../../ticeinventory/ui/equipment_model.py" line="+71"/>
        <source>N° d&apos;inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catégorie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modèle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N° de série</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>École</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Salle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Financement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Acquisition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fin de garantie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nom réseau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adresse MAC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fournisseur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+226"/>
        <source>Lecture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Hors plan — non maintenu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Stock de la ville</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Sous garantie jusqu&apos;au {date} inclus&#xa0;: une panne va au fournisseur (convention de Saint-Denis, article 4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Garantie terminée le {date}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Réformé le {date}&#xa0;: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EquipmentTableView</name>
    <message>
        <location filename="../../ticeinventory/ui/equipment_view.py" line="+230"/>
        <source>Toujours affichée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Masquée ici&#xa0;: le titre de la liste la donne déjà</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Masquée faute de place&#xa0;: élargissez la fenêtre ou fermez le panneau de détails (la fiche la montre)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Colonnes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ticeinventory/ui/app.py" line="+100"/>
        <source>TICE Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Une erreur inattendue s&apos;est produite&#xa0;; l&apos;action en cours n&apos;a pas abouti. Si elle se reproduit, notez ce que vous faisiez et transmettez le détail ci-dessous à la cellule de maintenance informatique.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Erreur inattendue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/export_dialog.py" line="+62"/>
        <source>Exporter la liste des équipements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>La &amp;liste affichée ({count}, avec ses filtres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>La &amp;sélection ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;CSV pour tableur (point-virgule, UTF-8&#xa0;: Excel, LibreOffice)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Classeur E&amp;xcel (.xlsx&#xa0;: vraies dates et montants)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>C&amp;hoisir…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Exporter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Équipements à exporter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Fichier&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Les colonnes sont celles du format d&apos;import&#xa0;: le fichier se réimporte tel quel (Fichier › Importer des équipements).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+61"/>
        <source>La liste affichée est vide&#xa0;: rien à exporter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CSV pour tableur (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Classeur Excel (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exporter les équipements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>équipement {done} sur {total}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../ticeinventory/ui/import_pages.py" line="+74"/>
        <source>&amp;Équipements (CSV ou XLSX : format d&apos;export de TICE Inventaire, ou tout tableur d&apos;inventaire)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>É&amp;coles de l&apos;annuaire de l&apos;Éducation nationale (fr-en-annuaire-education, CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Chemin du fichier à importer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Parcourir…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Feuille&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Premières lignes du fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Format d&apos;import standard des équipements (celui de l&apos;export, colonnes dans n&apos;importe quel ordre)&#xa0;: {columns}. Tout autre tableur passe par l&apos;étape « Colonnes ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Que contient le fichier&#xa0;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>F&amp;ichier&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../ticeinventory/ui/filter_bar.py" line="+52"/>
        <location line="+10"/>
        <location line="+46"/>
        <source>Toutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-55"/>
        <location line="+12"/>
        <source>Tous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-11"/>
        <source>En parc (ni réformé, ni perdu, ni volé)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Plan et hors plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dans le plan (maintenu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hors plan — non maintenu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>indifférent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&#xa0;ans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Seulement le matériel acquis il y a plus de ce nombre d&apos;années</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Effacer les filtres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ca&amp;tégorie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fi&amp;nancement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Garantie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;ype d&apos;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Âge s&amp;upérieur à</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Plan {code}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FiltersPage</name>
    <message>
        <location filename="../../ticeinventory/ui/import_pages.py" line="+180"/>
        <source>ex. 021 — vide&#xa0;: tous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ex. Dijon, Talant — vide&#xa0;: toutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tous (écoles et collèges)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Écoles (maternelles, élémentaires, primaires)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Collèges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Public et privé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Public</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Privé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Département(s)&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Commune(s)&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Type d&apos;établissement&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ecteur&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Le fichier de l&apos;annuaire couvre toute la France&#xa0;: choisissez les écoles de la ville. Plusieurs valeurs se séparent par des virgules. Les écoles déjà dans la base sont reconnues par leur code UAI et mises à jour&#xa0;; les lycées et les services sont laissés de côté.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sans département ni commune, toutes les écoles du fichier seront importées.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/first_start_dialog.py" line="+41"/>
        <source>Bienvenue dans TICE Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Aucune base de données n&apos;existe encore à cet emplacement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Que voulez-vous faire&#xa0;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Base vide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Commencer l&apos;inventaire de vos écoles. Les plans d&apos;équipement de référence (Dijon, Saint-Denis, Bouches-du-Rhône) sont déjà fournis.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Base de &amp;démonstration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Une ville fictive de {n} écoles (Dijon, Talant, Chenôve)&#xa0;: matériel des plans de Dijon, matériel hors plan, pannes et réformes. Pour découvrir l&apos;application ou former un collègue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Ouvrir un fichier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Une base existante (.sqlite), par exemple copiée depuis un autre poste ou une sauvegarde.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quitter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/form_widgets.py" line="+428"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <location line="+94"/>
        <source>{head} et {n} autres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} équipements&#xa0;: {numbers}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stock de la ville (non affecté)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Choisissez une école de la liste, ou le stock de la ville.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>(sans salle)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FundingBanner</name>
    <message>
        <location filename="../../ticeinventory/ui/equipment_sheet.py" line="-126"/>
        <source>Dans le plan {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phase&#xa0;: {phase}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maintenu par la cellule de maintenance informatique de la ville.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hors plan — non maintenu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>origine inconnue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Origine&#xa0;: {origin}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acquis ou cédé en dehors du plan d&apos;équipement&#xa0;: aucune installation ni maintenance par la ville (convention de Dijon, article 8&#xa0;; convention de Saint-Denis, article 4).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FundingBox</name>
    <message>
        <location filename="../../ticeinventory/ui/equipment_dialog.py" line="-469"/>
        <source>Financement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dans le &amp;plan d&apos;équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Hors plan — non maintenu par la Ville</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>— Choisir le plan —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>— Choisir l&apos;origine —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Pla&amp;n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ori&amp;gine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>le financement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>le plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>l&apos;origine du matériel hors plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Choisissez «&#xa0;Dans le plan&#xa0;» ou «&#xa0;Hors plan&#xa0;»&#xa0;: le matériel hors plan n&apos;est pas maintenu par la Ville.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choisissez le plan d&apos;équipement (convention ou avenant) qui a financé ce matériel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Indiquez l&apos;origine du matériel hors plan&#xa0;: fonds propres de l&apos;école, don, coopérative ou association de parents, autre collectivité, autre.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>(sans phase)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&lt;b&gt;Hors plan&#xa0;: ni installation ni maintenance par la Ville.&lt;/b&gt; Les demandes d&apos;intervention sur ce matériel seront refusées (convention de Dijon, art.&#xa0;8&#xa0;; Saint-Denis, art.&#xa0;4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Installé et maintenu par la cellule de maintenance informatique de la Ville, après la garantie du fournisseur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Le matériel hors plan (fonds propres, don…) n&apos;est pas maintenu par la Ville.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../ticeinventory/ui/history_view.py" line="+20"/>
        <source>Historique des modifications de l&apos;équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Choisissez un équipement pour voir son historique.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Aucune modification enregistrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qui a changé quoi, et quand (heure locale), du plus récent au plus ancien&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../ticeinventory/ui/import_wizard.py" line="+103"/>
        <source>Importer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&lt; &amp;Précédent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Suivant &gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Importer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+113"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Colonnes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Filtres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aperçu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Résultat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>des écoles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>d&apos;équipements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choisissez le fichier à importer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indiquez quelle colonne du fichier contient quoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choisissez les écoles à prendre dans l&apos;annuaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aperçu&#xa0;: chaque ligne est vérifiée, rien n&apos;est encore enregistré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Résultat de l&apos;import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Choisissez un fichier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+125"/>
        <location line="+41"/>
        <source>Lecture du fichier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-164"/>
        <source>L&apos;annuaire des écoles est lu dans la première feuille du classeur&#xa0;: choisissez-la, ou enregistrez la feuille voulue en CSV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ce fichier n&apos;a pas la forme de l&apos;annuaire de l&apos;Éducation nationale (colonne Identifiant_de_l_etablissement, numero_uai ou uai introuvable). Pour des équipements, choisissez « Équipements » ci-dessus.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>L&apos;aperçu n&apos;est pas terminé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Le fichier ne contient aucune ligne à importer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} ligne est rejetée&#xa0;: rien ne sera importé tant qu&apos;elle reste dans le fichier. Corrigez le fichier (« Enregistrer les erreurs… » les liste), ou cochez « Importer seulement les lignes valides ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} lignes sont rejetées&#xa0;: rien ne sera importé tant qu&apos;elles restent dans le fichier. Corrigez le fichier (« Enregistrer les erreurs… » les liste), ou cochez « Importer seulement les lignes valides ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Correspondance mémorisée pour les fichiers ayant ces colonnes (retenue lors d&apos;un import précédent). Vérifiez-la, modifiez-la si besoin&#xa0;: elle sera retenue à nouveau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Correspondance proposée d&apos;après les noms des colonnes du fichier&#xa0;: vérifiez-la. Elle sera retenue pour les prochains fichiers ayant les mêmes colonnes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Fichier à importer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+69"/>
        <source>L&apos;annuaire des écoles est lu dans la première feuille du classeur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>annuaire des écoles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>équipements au format d&apos;import standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>équipements, colonnes à faire correspondre à l&apos;étape suivante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>non reconnu d&apos;après ses colonnes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lu comme&#xa0;: {how}. Contenu&#xa0;: {kind}. {n} colonnes&#xa0;; les premières lignes&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Vérification de chaque ligne du fichier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vérification…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Le fichier ne contient aucune ligne de données sous l&apos;en-tête.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Toutes les lignes sont valides.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} ligne rejetée, ci-dessous avec sa raison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} lignes rejetées, ci-dessous avec leur raison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vérification interrompue&#xa0;: rien n&apos;a été modifié.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Le fichier n&apos;a pas pu être vérifié&#xa0;: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enregistrer les erreurs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{n} erreur enregistrée dans « {path} ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} erreurs enregistrées dans « {path} ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Import en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(L&apos;import était déjà terminé quand l&apos;annulation a été demandée.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rien n&apos;a été enregistré&#xa0;: des lignes sont rejetées (la base a peut-être changé depuis l&apos;aperçu).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>L&apos;import a échoué, rien n&apos;a été enregistré&#xa0;: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/incident_dialog.py" line="+173"/>
        <source>Signaler un incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Nom et prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Un logiciel éducatif ou bureautique est traité par l&apos;Éducation nationale (animateurs TICE) : le signalement leur sera transmis (convention TICE de Dijon, art. 8 ; convention de Saint-Denis, art. 6).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ce qui ne marche pas, depuis quand, ce qui a déjà été essayé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>É&amp;cole&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>É&amp;quipement&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signalé &amp;par&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Le&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Nature&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Urgence&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Description&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Enregistrer le signalement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Aucun en particulier (l&apos;école, une salle, le réseau)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>origine inconnue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matériel hors plan ({origin}) : la Ville n&apos;y intervient pas ; le signalement sera enregistré puis clos comme « {refused} ». {citation}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Aucune école dans la base : créez d&apos;abord l&apos;école.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InlineForm</name>
    <message>
        <location filename="../../ticeinventory/ui/form_widgets.py" line="-239"/>
        <source>Pour enregistrer, renseignez&#xa0;: {fields}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InterventionDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/intervention_dialog.py" line="+91"/>
        <source>Numéro donné par le fournisseur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>1h30</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>En minutes (90) ou en heures (1h30, 2h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ce qui a été fait : diagnostic, réglages, pièces changées…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Désignation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Référence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Qté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coût (€)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A&amp;jouter une pièce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reti&amp;rer la pièce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Signalements traités par l&apos;intervention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>É&amp;quipement&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Salle&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;ype&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;icket fournisseur&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>à</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>D&amp;urée&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Date&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Technicien&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Résu&amp;ltat&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Actions réalisées&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Pièces remplacées&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Si&amp;gnalements traités (cochez ceux que l&apos;intervention règle)&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Enregistrer l&apos;intervention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Aucun (intervention sur l&apos;école, une salle, le réseau)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Aucun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Toute l&apos;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+31"/>
        <source>toute l&apos;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N° {id} du {date} — {what} — {nature} — {status} — {description}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Aucun signalement ouvert pour ce matériel ou cette école.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Intervention sur {number} — {what} — {place}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saisir une intervention — {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Intervention sur l&apos;école {school} (réseau, salle, installation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saisir une intervention — {school}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Garantie du fournisseur terminée le {date} : la Ville assure la maintenance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Sous garantie jusqu&apos;au {date} : seuls « {diag} » et « {back} » sont possibles. La Ville assure « {quote} » (convention de Saint-Denis, art. 4) : envoyez le matériel au fournisseur et notez son numéro de ticket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sous garantie jusqu&apos;au {date} : « {type} » n&apos;est pas possible (convention de Saint-Denis, art. 4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pas de garantie en cours : le retour au fournisseur n&apos;est pas possible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>« {type} » porte sur un équipement : choisissez-le d&apos;abord.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InterventionsView</name>
    <message>
        <location filename="../../ticeinventory/ui/interventions_view.py" line="+57"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Technicien</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Durée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Résultat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Interventions sur l&apos;équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Supprimer l&apos;intervention…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Choisissez un équipement pour voir ses interventions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Matériel hors plan — non maintenu&#xa0;: la ville n&apos;y fait aucune intervention (convention de Dijon, article 8&#xa0;; convention de Saint-Denis, article 4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Aucune intervention enregistrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Choisissez une intervention.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Supprimer l&apos;intervention du {date}, saisie par erreur (après confirmation).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InventoryPanel</name>
    <message>
        <location filename="../../ticeinventory/ui/inventory_panel.py" line="+113"/>
        <source>Communes, écoles et salles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Équipements du lieu choisi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+188"/>
        <source>Filtres effacés pour montrer {number}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Saisissez au moins {n}&#xa0;caractères, ou Entrée pour chercher «&#xa0;{text}&#xa0;».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Aucun équipement ne correspond à «&#xa0;{text}&#xa0;».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Aucun équipement de «&#xa0;{place}&#xa0;» ne correspond à la recherche et aux filtres. Échap efface la recherche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>La base ne contient encore aucun équipement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Aucun équipement dans «&#xa0;{place}&#xa0;».</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InventorySheetDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/report_dialogs.py" line="-48"/>
        <source>Fiche d&apos;inventaire de l&apos;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Aperçu…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;UAI {uai} — {commune}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Code-barres (Code 128) sous chaque numéro d&apos;inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inclure le matériel &amp;réformé, perdu ou volé</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LabelsDialog</name>
    <message>
        <location line="+224"/>
        <source>Étiquettes d&apos;inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Aperçu…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Imprimer les étiquettes de</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Cliquez sur la première étiquette libre de la planche. Les étiquettes grisées sont déjà utilisées : elles resteront vides.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Code-barres &amp;Code 128 (douchette)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;QR code (téléphone, tablette)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tracer le &amp;contour des étiquettes (essai sur papier blanc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Planche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Modèle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Première étiquette &amp;libre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&lt;b&gt;Codes imprimés&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+38"/>
        <source> sur {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{labels}, sur {sheets}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 étiquette</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} étiquettes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 planche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} planches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choisissez au moins un code : Code 128, QR code ou les deux.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocationTreeModel</name>
    <message>
        <location filename="../../ticeinventory/ui/location_model.py" line="+91"/>
        <source>Lieu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Équipements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tout le parc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tout le matériel de la ville, dans les écoles et en stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Stock de la ville (non affecté)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matériel détenu par la ville, qui n&apos;est encore affecté à aucune école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+103"/>
        <source>{name} (fermée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{type} — UAI {uai}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Le matériel hors plan n&apos;est pas maintenu par la ville.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ticeinventory/ui/main_window.py" line="+69"/>
        <source>Détails de l&apos;équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Panneau de &amp;détails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Afficher ou masquer la fiche, les interventions et l&apos;historique de l&apos;équipement choisi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Barre d&apos;outils</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Colonnes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Lecture de la base…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+151"/>
        <source>TICE Inventaire — {file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Base mise à jour pour cette version ; copie de sauvegarde vérifiée&#xa0;: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Ouverture de la base…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Base relue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Lignes copiées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source> (recherche ou filtres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} sélectionnés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>La lecture de la base a échoué&#xa0;: {error}. Réessayez avec Affichage ▸ Actualiser (F5).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Maintenance</name>
    <message>
        <location filename="../../ticeinventory/ui/incident_dialog.py" line="-174"/>
        <source>(hors plan)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaintenanceController</name>
    <message>
        <location filename="../../ticeinventory/ui/maintenance_controller.py" line="+137"/>
        <source>{why} (intervention n° {id} du {date})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+44"/>
        <source>&amp;Signaler un incident…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enregistrer le signalement d&apos;une école (panne, réseau, logiciel…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+I</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saisir une &amp;intervention…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enregistrer une intervention sur l&apos;équipement ou l&apos;école choisis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Shift+I</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File de maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Les signalements à traiter, les plus urgents et les plus anciens d&apos;abord</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Historique de maintenance de l&apos;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signalements et interventions de l&apos;école choisie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Mes interventions de la semaine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vos interventions de lundi à dimanche, et le temps passé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Chiffres de maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interventions, temps passé, délais et refus hors plan, pour le comité de pilotage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Signalement n° {id} enregistré ({school}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Signalement n° {id} pris en charge par {who}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signalement n° {id} : {status}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Choisissez d&apos;abord un équipement ou une école dans l&apos;inventaire, ou un signalement dans la file de maintenance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Intervention impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Intervention n° {id} enregistrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Intervention n° {id} enregistrée ; l&apos;équipement {number} est réformé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Suppression impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Intervention n° {id} du {date} supprimée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Aucune base ouverte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+41"/>
        <source>File de maintenance</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaintenanceFiguresView</name>
    <message>
        <location filename="../../ticeinventory/ui/maintenance_figures.py" line="+114"/>
        <source>Chiffres de maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Toute la période</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Année scolaire {a}-{b}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Année civile {a}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Période choisie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Copier le tableau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copier le tableau affiché, à coller dans un tableur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Par &amp;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Par caté&amp;gorie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Par &amp;type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Par &amp;mois</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Délais</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refus hors plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Matériel acquis ou cédé en dehors du plan : la Ville n&apos;y intervient pas (convention TICE de Dijon, art. 8 ; convention de Saint-Denis, art. 4). Ces refus montrent ce que les écoles achètent ou reçoivent hors plan et attendent pourtant de voir entretenu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Période&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Calcul en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+32"/>
        <source>du {start} au {end}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>depuis le début</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count}, {time} de travail, {when} ; {refused}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} intervention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} interventions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} signalement refusé hors plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} signalements refusés hors plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Les chiffres n&apos;ont pas pu être calculés : {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaintenanceHistory</name>
    <message>
        <location filename="../../ticeinventory/ui/maintenance_history.py" line="-476"/>
        <source>lun.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>mar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>jeu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ven.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>sam.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dim.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaintenancePrompts</name>
    <message>
        <location filename="../../ticeinventory/ui/maintenance_controller.py" line="-364"/>
        <source>Maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Signalement n° {id} : {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passer le signalement n° {id} ({what}) à « {status} » ? Cette étape est définitive.

Note pour l&apos;historique (facultative)&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Envoyer au fournisseur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signalement n° {id} ({what}) : numéro de ticket donné par le fournisseur&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Réformer l&apos;équipement&#xa0;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>L&apos;intervention n° {id} conclut « {outcome} » pour l&apos;équipement {number}.

Le réformer maintenant ? Il sortira du parc (statut « Réformé »), avec ce motif&#xa0;: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Supprimer l&apos;intervention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supprimer l&apos;intervention du {date}&#xa0;?

{type} — {what}, {start}, {duration}, par {technician} (n° {id}).

La suppression est définitive&#xa0;; le journal garde ce qui a été supprimé. Les étapes des signalements et le statut de l&apos;équipement ne changent pas.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaintenanceQueue</name>
    <message>
        <location filename="../../ticeinventory/ui/maintenance_queue.py" line="+270"/>
        <source>File de maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Technicien</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>À traiter (nouveaux, pris en charge, en cours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Résolus, à clore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tous les signalements ouverts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>En &amp;retard seulement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Technicien&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>É&amp;tat&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Signalements de la file de maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Actions sur le signalement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&amp;Prendre en charge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Le signalement vous est attribué, daté de maintenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ré&amp;soudre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Le problème est réglé ; le signalement attend d&apos;être clos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;lore…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Clore le signalement résolu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;fuser (hors plan)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matériel hors plan : aucune intervention de la Ville (convention TICE de Dijon, art. 8 ; convention de Saint-Denis, art. 4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Transmettre à l&apos;É&amp;ducation nationale…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logiciel éducatif ou bureautique : traité par les animateurs TICE (convention TICE de Dijon, art. 8 ; convention de Saint-Denis, art. 6).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Envoyer au fo&amp;urnisseur…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sous garantie : le fournisseur répare ; notez son numéro de ticket (convention de Saint-Denis, art. 4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Saisir une &amp;intervention…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enregistrer le travail fait, pré-rempli d&apos;après le signalement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Actualiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relire la file (âges, échéances, signalements d&apos;autres postes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Tous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Non attribués</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moi ({user})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Aucun signalement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 signalement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} signalements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source> ({shown} premiers affichés)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, dont {n} en retard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Aucun signalement ne correspond à ces filtres.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aucun signalement à traiter : la file est vide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Choisissez un signalement dans la file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Le signalement n° {id} est « {status} » : « {step} » n&apos;est pas une étape possible maintenant.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../ticeinventory/ui/import_pages.py" line="-184"/>
        <source>Correspondance des colonnes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Donnée de l&apos;inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Colonne du fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sinon, valeur par défaut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exemples lus dans le fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Valeur prise pour chaque ligne quand le fichier n&apos;a pas cette colonne, ou que la case est vide (par exemple le plan d&apos;équipement de toute une livraison)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Colonne « {name} » du format d&apos;import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{what} : valeur pour toutes les lignes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>* Obligatoires&#xa0;: la catégorie, et le plan d&apos;équipement ou l&apos;origine hors plan (une colonne, ou une valeur pour toutes les lignes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Reprendre la proposition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+29"/>
        <source>— aucune —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Colonnes du fichier laissées de côté&#xa0;: {columns}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attention&#xa0;: la colonne « {column} » est choisie pour plusieurs données.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/move_dialog.py" line="+25"/>
        <source>Déplacer vers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Déplacer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Avec les éléments &amp;rattachés (l&apos;écran d&apos;un PC, les tablettes d&apos;une classe mobile…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Équipements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;École</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Salle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Affecté à l&apos;école le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>la destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Un équipement réformé ne se déplace plus&#xa0;: {numbers}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Les équipements sont déjà à cet endroit&#xa0;: choisissez une autre école, salle ou le stock de la ville.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MyWeekView</name>
    <message>
        <location filename="../../ticeinventory/ui/maintenance_history.py" line="+352"/>
        <source>Mes interventions de la semaine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>◀ Semaine &amp;précédente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cette semaine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Semaine &amp;suivante ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Interventions de la semaine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Technicien&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Semaine du lundi {start} au dimanche {end} — {who}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count}, {time} de travail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} intervention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} interventions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aucune intervention enregistrée cette semaine.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <location filename="../../ticeinventory/ui/form_widgets.py" line="-213"/>
        <source>Date au format jj/mm/aaaa. Suppr efface la date.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../../ticeinventory/ui/pdf_document.py" line="+20"/>
        <source>{n} page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ticeinventory/ui/pdf_printing.py" line="+40"/>
        <source>L&apos;imprimante « {name} » n&apos;a pas pu démarrer l&apos;impression. Vérifiez qu&apos;elle est allumée et connectée, puis recommencez.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/pdf_preview.py" line="+114"/>
        <source>&amp;Imprimer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imprimer sur une imprimante du système</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Enregistrer en PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enregistrer le document dans un fichier PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>◀</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page précédente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page suivante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pleine &amp;largeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>La page occupe toute la largeur de la fenêtre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>100 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>La page à sa taille réelle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>−</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom arrière</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>+</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom avant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Page </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Page affichée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&amp;Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fermer l&apos;aperçu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Préparation du document…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%v / %m pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrêter l&apos;impression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Aperçu avant impression — {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+35"/>
        <source> / {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{pages} — {size} Ko</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Le document n&apos;a pas pu être préparé : {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Page –</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{n} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Enregistrer en PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Impossible d&apos;enregistrer « {path} » : {reason}. Choisissez un autre dossier, ou fermez le fichier s&apos;il est ouvert dans un autre programme.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enregistré dans « {path} ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Impression en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Arrêt de l&apos;impression…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Impression arrêtée après {pages}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 page envoyée à « {printer} ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} pages envoyées à « {printer} ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>L&apos;impression a échoué : {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaceDelegate</name>
    <message>
        <location filename="../../ticeinventory/ui/location_view.py" line="+19"/>
        <source>École élémentaire </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>É. élém. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>École maternelle </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>É. mat. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>École primaire </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>É. prim. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Salle de formation </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>S. form. </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../ticeinventory/ui/import_pages.py" line="+234"/>
        <source>les &amp;laisser tels quels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>les &amp;mettre à jour avec les valeurs du fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Importer &amp;seulement les lignes valides (les lignes rejetées sont laissées de côté)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Relancer la vérification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Écoles déjà dans la base&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Doublons (même n° d&apos;inventaire, ou même marque et n° de série)&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Les écoles déjà dans la base (même code UAI) sont mises à jour.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PriceEdit</name>
    <message>
        <location filename="../../ticeinventory/ui/form_widgets.py" line="+47"/>
        <source>ex. 1 234,50 €</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Le prix d&apos;achat ne peut pas être négatif.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgressStrip</name>
    <message>
        <location filename="../../ticeinventory/ui/import_pages.py" line="-535"/>
        <location line="+16"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>ligne {done} sur {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Annulation…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../ticeinventory/ui/maintenance_queue.py" line="-468"/>
        <source>N°</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Âge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Échéance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Urgence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>École</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Technicien</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+122"/>
        <source>En retard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>À clore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>— (école, réseau)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{number} (hors plan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Résolu le {when} : reste à le clore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prise en charge attendue avant le {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Résolution attendue avant le {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>En retard — {what}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hors plan — non maintenu : le signalement ne peut être clos que comme « {refused} ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Signalé le {when} par {name} ({role})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportController</name>
    <message>
        <location filename="../../ticeinventory/ui/report_controller.py" line="+180"/>
        <source>&amp;Fiche d&apos;inventaire de l&apos;école…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aperçu, impression et PDF de la fiche d&apos;inventaire de l&apos;école choisie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Inventaire général…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Toutes les écoles ou celles choisies, avec les totaux de la ville (comité de pilotage)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fiches de &amp;toutes les écoles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Une fiche d&apos;inventaire PDF par école, dans un dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>É&amp;tiquettes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Étiquettes d&apos;inventaire (Code 128, QR) des équipements choisis, d&apos;une salle ou d&apos;une école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Bon d&apos;intervention…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Le bon d&apos;une intervention, à faire signer à l&apos;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+79"/>
        <location line="+65"/>
        <source>Bon d&apos;intervention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-64"/>
        <source>Numéro de l&apos;intervention :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Aperçu…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>l&apos;équipement sélectionné ({number})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>les {n} équipements sélectionnés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>la salle « {room} »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>l&apos;école « {school} »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Fiche d&apos;inventaire de l&apos;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Inventaire général</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Étiquettes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Fiches de toutes les écoles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Des fiches sont déjà en cours d&apos;écriture : attendez la fin ou annulez-la.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportPane</name>
    <message>
        <location filename="../../ticeinventory/ui/import_pages.py" line="+349"/>
        <source>Lignes rejetées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ce qui change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Enregistrer les erreurs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Les lignes rejetées (ligne, colonne, valeur, raison) en CSV ou XLSX, pour corriger le fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+49"/>
        <source>lignes lues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ajouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mises à jour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sans changement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>doublons laissés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>hors filtre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>salles à créer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>salles créées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>lignes laissées de côté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lignes rejetées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Erreurs ({n}{more})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ce qui change ({n}{more})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location line="+78"/>
        <source>&amp;Enregistrer les lignes laissées de côté…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RetireDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/status_dialog.py" line="+89"/>
        <source>Réformer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Réformer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Réformer {what}&#xa0;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>La réforme sort définitivement le matériel du parc&#xa0;: sa fiche ne pourra plus être modifiée. Les éléments qui lui sont rattachés ne sont pas réformés avec lui. Une erreur se corrige par Édition &gt; Annuler (Ctrl+Z).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Irréparable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Obsolète</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remplacé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hors d&apos;usage (casse)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Détruit (sinistre)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choisissez ou écrivez le motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Motif&#xa0;*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Réformé &amp;le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>le motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Indiquez le motif de la réforme (par exemple&#xa0;: irréparable, obsolète, remplacé).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Déjà réformé&#xa0;: {numbers} (le {date}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/room_dialog.py" line="+24"/>
        <source>Nouvelle salle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Modifier la salle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Créer la salle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>ex. Salle informatique, Classe CM1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>École</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Nom&#xa0;*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>le nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;marques</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Le nom de la salle est obligatoire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>L&apos;école a déjà une salle nommée « {room} ».</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchoolDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/school_dialog.py" line="+29"/>
        <source>Nouvelle école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Modifier l&apos;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Créer l&apos;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>7 chiffres et une lettre, ex. 0211142C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ex. École élémentaire Colette</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>ex. 03 80 12 34 56</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ex. ce.0211142c@ac-dijon.fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>École ou&amp;verte (décocher si elle a fermé)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Code &amp;UAI&#xa0;*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>le code UAI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Nom&#xa0;*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>le nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;ype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Adresse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code &amp;postal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Co&amp;mmune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;irconscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Zone de vacances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Directeur ou directrice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Téléphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cou&amp;rriel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remar&amp;ques</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Le code UAI {uai} est déjà celui de l&apos;école « {name} ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Le nom de l&apos;école est obligatoire.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchoolHistoryView</name>
    <message>
        <location filename="../../ticeinventory/ui/maintenance_history.py" line="-174"/>
        <source>École</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Signalements de l&apos;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Interventions dans l&apos;école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>É&amp;cole&#xa0;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Historique de maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Aucune école dans la base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+1"/>
        <source>Historique de maintenance — {school}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} signalement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} signalements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} à traiter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} à clore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} refusé hors plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} refusés hors plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} intervention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} interventions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{time} de travail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Signalements ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Interventions ({n})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <location filename="../../ticeinventory/ui/search_bar.py" line="+40"/>
        <source>Rechercher&#xa0;: n° d&apos;inventaire, série, nom réseau, MAC, marque, modèle, école, UAI…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rechercher un équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tapez une partie d&apos;un n° d&apos;inventaire, de série, d&apos;un nom réseau, d&apos;une adresse MAC, d&apos;une marque, d&apos;un modèle, du nom ou de l&apos;UAI d&apos;une école (Ctrl+F).
Un n° d&apos;inventaire complet suivi d&apos;Entrée (douchette) montre l&apos;équipement, où qu&apos;il soit. Échap efface la recherche.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SheetDiagram</name>
    <message>
        <location filename="../../ticeinventory/ui/report_dialogs.py" line="-224"/>
        <source>Planche d&apos;étiquettes : première étiquette libre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+105"/>
        <source>Commencer à l&apos;étiquette {n}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <location filename="../../ticeinventory/ui/status_dialog.py" line="-111"/>
        <source>Changer le statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Changer le statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Équipements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Statut actuel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Nouveau statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>le statut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Un équipement réformé ne change plus de statut&#xa0;: {numbers}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Déjà «&#xa0;{status}&#xa0;»&#xa0;: choisissez un autre statut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dans le stock de la ville, un équipement ne peut pas être «&#xa0;{status}&#xa0;»&#xa0;: affectez d&apos;abord à une école {numbers}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransferController</name>
    <message>
        <location filename="../../ticeinventory/ui/transfer_controller.py" line="+129"/>
        <source>Importer des &amp;équipements…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ajouter ou mettre à jour du matériel depuis un tableur CSV ou XLSX, avec un aperçu avant d&apos;enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Importer l&apos;&amp;annuaire des écoles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Créer ou mettre à jour les écoles depuis l&apos;annuaire de l&apos;Éducation nationale (fr-en-annuaire-education)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>E&amp;xporter la liste…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enregistrer la liste affichée (ou la sélection) en CSV ou XLSX, au format d&apos;import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exporter les é&amp;coles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enregistrer toutes les écoles en CSV ou XLSX, au format que l&apos;import relit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Import de l&apos;annuaire&#xa0;: {n} école créée ou mise à jour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import de l&apos;annuaire&#xa0;: {n} écoles créées ou mises à jour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import&#xa0;: {n} équipement créé ou mis à jour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import&#xa0;: {n} équipements créés ou mis à jour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Exporter les écoles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV pour tableur (*.csv);;Classeur Excel (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{n} école exportée dans « {path} ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} écoles exportées dans « {path} ».</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransferPrompts</name>
    <message>
        <location line="-198"/>
        <source>Remplacer le fichier&#xa0;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Le fichier « {path} » existe déjà. Le remplacer&#xa0;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+3"/>
        <source>Import et export</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../ticeinventory/ui/actions.py" line="+33"/>
        <source>&amp;Nouvelle base…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Créer un nouveau fichier de base, vide ou de démonstration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Ouvrir…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ouvrir un autre fichier de base TICE Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Q</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fermer TICE Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Copier les lignes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copier les lignes sélectionnées (colonnes affichées) pour un tableur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tout sélectionner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sélectionner toutes les lignes de la liste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rec&amp;hercher…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aller au champ de recherche (n° d&apos;inventaire, série, nom réseau, MAC, marque, modèle, école, UAI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Effacer la recherche et les filtres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revenir à tout le matériel du lieu choisi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Actualiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relire la base (modifications faites depuis un autre poste)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Barre de &amp;filtres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Afficher ou masquer les filtres au-dessus de la liste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Fiche de l&apos;équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Afficher la fiche de l&apos;équipement choisi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Interventions de l&apos;équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Afficher les interventions sur l&apos;équipement choisi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Historique de l&apos;équipement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Afficher qui a modifié l&apos;équipement choisi, et quand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Tout le parc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Alt+Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Afficher tout le matériel de la ville</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stoc&amp;k de la ville (non affecté)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Afficher le matériel qui n&apos;est encore affecté à aucune école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Affic&amp;her dans son école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+J</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Montrer l&apos;équipement choisi parmi ceux de son école (ou du stock)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>À &amp;propos de TICE Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Arrive dans une prochaine version&#xa0;: {what}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;Fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>É&amp;dition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Affichage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>prêts de tablettes et d&apos;ordinateurs portables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Prêts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nouveau prêt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prêts en cours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retours attendus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rapports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Outils</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plans d&apos;équipement et dotations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>gestion des plans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catégories de matériel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>gestion des catégories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Préférences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>préférences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aid&amp;e</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Barre d&apos;outils</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
