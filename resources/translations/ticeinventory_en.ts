<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="fr_FR">
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
    <name>Counts</name>
    <message>
        <location filename="../../ticeinventory/ui/texts.py" line="+18"/>
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
        <location filename="../../ticeinventory/ui/database_opener.py" line="+81"/>
        <source>Le fichier «&#xa0;{path}&#xa0;» n&apos;existe pas ou est vide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Le fichier «&#xa0;{path}&#xa0;» existe déjà&#xa0;: choisissez un autre nom, ou ouvrez-le avec Fichier ▸ Ouvrir….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>La base «&#xa0;{where}&#xa0;» n&apos;a pas pu être ouverte&#xa0;: {error}. Vérifiez que le fichier est accessible, puis réessayez.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>La base «&#xa0;{path}&#xa0;» n&apos;a pas pu être créée&#xa0;: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatabasePrompts</name>
    <message>
        <location filename="../../ticeinventory/ui/database_prompts.py" line="+32"/>
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
        <location line="+6"/>
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
        <location filename="../../ticeinventory/ui/demo_build.py" line="+39"/>
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
    <name>EquipmentTableModel</name>
    <message>
        <location filename="../../ticeinventory/ui/equipment_model.py" line="+52"/>
        <source>N° d&apos;inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+1"/>
        <source>Acquisition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+134"/>
        <source>Hors plan — non maintenu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Stock de la ville</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Réformé le {date}&#xa0;: {reason}</source>
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
    <name>InventoryPanel</name>
    <message>
        <location filename="../../ticeinventory/ui/inventory_panel.py" line="+62"/>
        <source>Communes, écoles et salles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Équipements du lieu choisi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+120"/>
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
    <name>LocationTreeModel</name>
    <message>
        <location filename="../../ticeinventory/ui/location_model.py" line="+68"/>
        <source>Lieu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Équipements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tout le parc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tout le matériel de la ville, dans les écoles et en stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stock de la ville (non affecté)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matériel détenu par la ville, qui n&apos;est encore affecté à aucune école</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+33"/>
        <source>{name} (fermée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{type} — UAI {uai}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Le matériel hors plan n&apos;est pas maintenu par la ville.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ticeinventory/ui/main_window.py" line="+47"/>
        <source>&amp;Nouvelle base…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Créer un nouveau fichier de base, vide ou de démonstration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Ouvrir…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ouvrir un autre fichier de base TICE Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Q</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Actualiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Relire la base (modifications faites depuis un autre poste)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>À &amp;propos de TICE Inventaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Affichage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ai&amp;de</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+26"/>
        <source>TICE Inventaire — {file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Base mise à jour pour cette version ; copie de sauvegarde vérifiée&#xa0;: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Base relue.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
