"""``ocrfix names``: look names up in the gazetteer (a thin wrapper over :func:`lookup_report`)."""
from __future__ import annotations

import click


def lookup_report(text: str, limit: int = 5) -> list[dict]:
    """Gazetteer entries for ``text``: exact form matches first (with their case), then English
    spellings, then the closest forms under the OCR confusion model.  Each entry:
    ``{entity, type, match, form, case, distance, ru, en, source}``."""
    from .gazetteer import gazetteer
    from .inflect import CASE_NAMES
    from .names_stage import NO_CASE, match_window
    gaz = gazetteer()
    out: list[dict] = []
    seen: set[str] = set()

    def add(eid: str, match: str, form: str = "", case: str = "", dist: float = 0.0) -> None:
        if eid in seen:
            return
        seen.add(eid)
        e = gaz.entities[eid]
        out.append({"entity": eid, "type": e.type, "match": match, "form": form,
                    "case": CASE_NAMES.get(case, case), "distance": round(dist, 3), "ru": list(e.ru),
                    "en": list(e.en), "source": e.source})

    for f in gaz.lookup(text):
        add(f.entity, "exact", f.text, f.case)
    for e in gaz.entities_for_english(text):
        add(e.id, "english")
    if not out:
        for _cost, d, _norm, f, _ok in match_window(text, gaz, NO_CASE):
            add(f.entity, "close", f.text, f.case, d)
            if len(out) >= limit:
                break
    return out


@click.group("names")
def names_group() -> None:
    """The name gazetteer: people, places and organisations with their case forms."""


@names_group.command("lookup")
@click.argument("text")
@click.option("--forms", "show_forms", is_flag=True, help="List every case form of each entry.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def lookup_cmd(text: str, show_forms: bool, as_json: bool) -> None:
    """Show gazetteer entries matching TEXT (a Russian form in any case, or an English spelling)."""
    import json
    from .gazetteer import russian_forms
    rows = lookup_report(text)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        click.echo(f"no gazetteer entry for {text!r}")
        return
    for r in rows:
        how = f"{r['match']}" + (f": {r['form']} ({r['case']})" if r["form"] else "")
        if r["match"] == "close":
            how += f", distance {r['distance']}"
        click.echo(f"{r['entity']} [{r['type']}] — {how}")
        click.echo(f"    ru: {' | '.join(r['ru'])}")
        click.echo(f"    en: {' | '.join(r['en'])}")
        click.echo(f"    source: {r['source']}")
        if show_forms:
            for case in ("nomn", "gent", "datv", "accs", "ablt", "loct"):
                click.echo(f"    {case}: {', '.join(russian_forms(r['entity'], case))}")
