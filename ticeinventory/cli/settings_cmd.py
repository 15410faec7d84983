"""``settings``: list, get, set — the settings stored in the database and shared by everyone using it (the
city's name and logo printed on the documents, the inventory number pattern)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ticeinventory.domain.errors import ValidationError
from ticeinventory.domain.i18n import N_, _
from ticeinventory.services import settings as stored

from .output import out, table

DESCRIPTIONS = {
    "city_name": N_("nom de la ville en en-tête des documents (« Dijon » s'imprime « Ville de Dijon »)"),
    "city_logo": N_("chemin d'une image PNG ou JPEG imprimée en en-tête des documents (vide : pas de logo)"),
    "inventory_pattern": N_("modèle des numéros d'inventaire, par exemple {cat}-{annee}-{seq:5}"),
}
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


def register(commands, common: argparse.ArgumentParser) -> None:
    keys = ", ".join(stored.DEFAULTS)
    group = commands.add_parser(
        "settings", help=_("paramètres partagés : nom et logo de la ville, modèle de numérotation"),
        description=_("Les paramètres enregistrés dans la base, communs à tous ceux qui l'utilisent : {keys}.")
        .format(keys=keys))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"), required=True)

    p = sub.add_parser("list", parents=[common], help=_("lister les paramètres et leur valeur"),
                       description=_("Liste les paramètres, leur valeur et leur rôle."))
    p.set_defaults(handler=settings_list)

    p = sub.add_parser("get", parents=[common], help=_("afficher la valeur d'un paramètre"),
                       description=_("Affiche la valeur d'un paramètre ({keys}).").format(keys=keys))
    p.add_argument("key", metavar=_("CLÉ"), help=_("nom du paramètre"))
    p.set_defaults(handler=settings_get)

    p = sub.add_parser("set", parents=[common], help=_("changer la valeur d'un paramètre"),
                       description=_("Change un paramètre. Exemples : settings set city_name \"Dijon\" ; settings set "
                                     "city_logo /chemin/logo.png (enregistré en chemin absolu ; \"\" pour ne plus "
                                     "imprimer de logo)."))
    p.add_argument("key", metavar=_("CLÉ"), help=_("nom du paramètre : {keys}").format(keys=keys))
    p.add_argument("value", metavar=_("VALEUR"), help=_("nouvelle valeur (\"\" pour vider)"))
    p.set_defaults(handler=settings_set)


def _key(text: str) -> str:
    key = text.strip().lower()
    if key not in stored.DEFAULTS:
        raise ValidationError({"key": _("Paramètre inconnu « {key} ». Paramètres : {keys}.").format(
            key=text, keys=", ".join(stored.DEFAULTS))})
    return key


def _description(key: str) -> str:
    return _(DESCRIPTIONS[key]) if key in DESCRIPTIONS else ""


def settings_list(ctx) -> int:
    values = {key: ctx.services.settings.get(key) for key in stored.DEFAULTS}
    if ctx.json:
        ctx.emit_json(values)
        return 0
    out(*table([_("Paramètre"), _("Valeur"), _("Rôle")],
               [[key, value, _description(key)] for key, value in values.items()]))
    return 0


def settings_get(ctx) -> int:
    key = _key(ctx.args.key)
    value = ctx.services.settings.get(key)
    if ctx.json:
        ctx.emit_json({"key": key, "value": value})
        return 0
    out(value)
    return 0


def settings_set(ctx) -> int:
    key = _key(ctx.args.key)
    value = ctx.args.value.strip()
    if key == "city_logo" and value:
        value = str(_logo(value))
    ctx.services.settings.set(key, value)
    if ctx.json:
        ctx.emit_json({"key": key, "value": value})
        return 0
    if value:
        out(_("Paramètre {key} : « {value} ».").format(key=key, value=value))
    else:
        out(_("Paramètre {key} vidé.").format(key=key))
    return 0


def _logo(text: str) -> Path:
    """The logo as an absolute path (documents are printed from anywhere), checked to be a PNG or JPEG file."""
    path = Path(text).expanduser()
    if path.suffix.lower() not in LOGO_SUFFIXES:
        raise ValidationError({"city_logo": _("Le logo doit être une image PNG ou JPEG (reçu : « {path} »).").format(
            path=text)})
    if not path.is_file():
        raise ValidationError({"city_logo": _("Le fichier du logo « {path} » n'existe pas.").format(path=text)})
    return path.resolve()
