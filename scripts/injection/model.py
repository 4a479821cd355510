"""A relation between printed numbers: its operands, each tied (or not) to where its number is printed."""

from __future__ import annotations

from dataclasses import dataclass, field

# relation type → (finding category, mutation kind)
TYPES = {
    "sum": ("sum_mismatch", "sum"), "change": ("sum_mismatch", "sum"),
    "share": ("ratio_mismatch", "ratio"), "change_pct": ("ratio_mismatch", "ratio"),
    "rate": ("ratio_mismatch", "rate"),
    "count": ("count_mismatch", "count"), "count_list": ("count_mismatch", "count"),
    "score_sum": ("score_mismatch", "score"), "score_le": ("score_mismatch", "score"),
    "year": ("year_mismatch", "year"), "equal": ("value_conflict", "conflict"),
}
# roles whose printed number a mutation of that kind may change
MUTABLE = {
    "sum": ("total", "part"), "change": ("value",), "share": ("value",), "change_pct": ("value",),
    "rate": ("value", "spent", "budget"), "count": ("total", "part"), "count_list": ("count",),
    "score_sum": ("total", "part"), "score_le": ("score", "weight"), "year": ("year",), "equal": ("a", "b"),
}
GRADED = {"count", "count_list", "score_sum", "score_le"}   # counts and 分 are exact when integral


@dataclass
class Operand:
    role: str
    value: str                      # as printed, without thousands commas
    unit: str
    sign: int = 1
    pos: tuple[int, int] | None = None                       # pinned position of the printed number
    cands: list[tuple[int, int]] = field(default_factory=list)  # where it may be printed (unpinned)
    printed: bool = True

    def touches(self, span: tuple[int, int]) -> bool:
        return self.pos == span if self.pos else span in self.cands


@dataclass
class Relation:
    rid: str                        # key#3 or extra#1
    type: str
    ops: list[Operand]
    quote: str = ""
    where: str = ""
    pinned: str = ""                # anchor | unique | quote | "" (only operands printed once are known)
    direction: int = 0              # change / change_pct: previous = current + direction × change
    items: list[str] = field(default_factory=list)   # count_list
    accept: list[str] = field(default_factory=list)  # other categories a checker may fairly use
    year: int | None = None         # the report year (year relations)
    fails: bool = False             # an inconsistency the document already has: it must keep failing
    others_differ: str = ""         # why other printings of its numbers are other quantities

    @property
    def category(self) -> str:
        return TYPES[self.type][0]

    @property
    def kind(self) -> str:
        return TYPES[self.type][1]

    def role(self, name: str) -> list[Operand]:
        return [o for o in self.ops if o.role == name]

    def one(self, name: str) -> Operand:
        return self.role(name)[0]

    def as_json(self) -> dict:
        d = {"id": self.rid, "type": self.type, "category": self.category,
             "operands": [{"role": o.role, "value": o.value, "unit": o.unit, "sign": o.sign,
                           "position": list(o.pos) if o.pos else None, "printed": o.printed} for o in self.ops]}
        if self.items:
            d["items"] = self.items
        if self.type == "year":
            d["report_year"] = self.year
        if self.where:
            d["where"] = self.where
        if self.quote:
            d["quote"] = self.quote
        return d
