"""Validated records: the shape every loader reads its input into.

A loader never writes RDF directly. It turns rows, YAML documents or news text
into these records (pydantic models with ``extra="forbid"``, so a misspelt key
is an error naming the key), and :mod:`ontology.to_rdf` turns records into
triples in the citykg ontology. Ids are local slugs (``qazvin``,
``wd-Q1010``); :func:`ontology.vocab.entity_iri` makes IRIs of them.

Examples
--------
>>> city = City(id="qazvin", labels={"en": ["Qazvin"], "fa": ["قزوین"]})
>>> city.label("fa")
'قزوین'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

__all__ = [
    "AGREEMENT_TYPES",
    "FIELDS",
    "ROLES",
    "STATUSES",
    "Agreement",
    "City",
    "Country",
    "Dataset",
    "Entity",
    "Event",
    "Evidence",
    "Membership",
    "Network",
    "Organisation",
    "Person",
    "Post",
    "Programme",
    "Region",
    "Source",
]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

AGREEMENT_TYPES = (
    "TwinningAgreement",
    "PartnershipAgreement",
    "MemorandumOfUnderstanding",
    "CooperationAgreement",
)
FIELDS = (
    "Culture",
    "Economy",
    "Education",
    "Sport",
    "Tourism",
    "Science",
    "Environment",
    "Health",
    "HumanitarianAid",
    "UrbanDevelopment",
    "SocialAffairs",
    "Politics",
)
ROLES = (
    "Mayor",
    "SecretaryGeneral",
    "Director",
    "DirectorGeneral",
    "Head",
    "ExecutiveSecretary",
    "President",
    "Speaker",
    "Coordinator",
    "DeputyMayor",
    "VicePresident",
    "ExecutiveDirector",
    "Governor",
    "Ambassador",
    "Consul",
    "Councillor",
    "Spokesperson",
    "Treasurer",
    "Commissioner",
    "Minister",
    "DeputyMinister",
    "DeputyGovernor",
)
STATUSES = ("Active", "Former", "Planned")
ORGANISATION_KINDS = (
    "Organisation",
    "MunicipalGovernment",
    "University",
    "InternationalOrganisation",
    "AssociationOfMayors",
    "GovernmentBody",
    "BusinessOrganisation",
)


def _date_text(value: object) -> object:
    # YAML reads `2020` as an int and `2021-05-05` as a date: both mean the text.
    if isinstance(value, dt.date | int) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


def _real_date(value: str) -> str:
    # The pattern admits 2019-13-45; the calendar does not.
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0] or 1, *([*parts[1:], 1, 1])[:2])
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date: {exc}") from exc
    return value


# A date as precise as the source gives it: a year, a year-month or a day, that the calendar has.
PartialDate = Annotated[
    str,
    BeforeValidator(_date_text),
    Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    AfterValidator(_real_date),
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"{value!r} is not a valid id (letters, digits, '.', '_', '~', '-')")
    return value


class Evidence(_Record):
    """Where a fact comes from: a source, and for text the supporting sentence."""

    source: str
    sentence: str | None = None
    lang: str | None = None
    char_start: int | None = Field(default=None, ge=0)
    char_end: int | None = Field(default=None, ge=0)
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)

    _id = field_validator("source")(_check_id)

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str | None) -> str | None:
        if value is not None and not _LANG.match(value):
            raise ValueError(f"{value!r} is not a BCP 47 language tag")
        return value


class Source(_Record):
    """A document facts are drawn from: a news item, a web page, a dataset."""

    id: str
    title: str | None = None
    title_en: str | None = None
    file: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: PartialDate | None = None
    language: str | None = None
    news_code: str | None = None
    licence: str | None = None

    _id = field_validator("id")(_check_id)


class _Entity(_Record):
    id: str
    labels: dict[str, list[str]] = Field(default_factory=dict)
    alt_labels: dict[str, list[str]] = Field(default_factory=dict)
    """More names (skos:altLabel only): what a source calls an entity whose preferred name is another's."""
    descriptions: dict[str, str] = Field(default_factory=dict)
    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$")
    geonames: int | None = Field(default=None, gt=0)
    evidence: list[Evidence] = Field(default_factory=list)

    _id = field_validator("id")(_check_id)

    @field_validator("labels", mode="before")
    @classmethod
    def _labels(cls, value: object) -> object:
        # `en: Qazvin` is accepted as shorthand for `en: [Qazvin]`.
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value

    @field_validator("labels", "alt_labels")
    @classmethod
    def _label_langs(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for lang, names in value.items():
            if not _LANG.match(lang):
                raise ValueError(f"{lang!r} is not a BCP 47 language tag")
            if not names or any(not n.strip() for n in names):
                raise ValueError(f"empty label for language {lang!r}")
        return value

    def label(self, lang: str = "en") -> str:
        """The first label in ``lang``, else in English, else any, else the id."""
        for key in (lang, "en"):
            if self.labels.get(key):
                return self.labels[key][0]
        for names in self.labels.values():
            return names[0]
        return self.id


class _Located(_Entity):
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    country: str | None = None
    population: int | None = Field(default=None, ge=0)


class City(_Located):
    """A city, town or municipality acting internationally."""

    type: Literal["City"] = "City"
    region: str | None = None


class Region(_Located):
    """A province, county or other region containing cities."""

    type: Literal["Region"] = "Region"


class Country(_Located):
    """A sovereign state or territory."""

    type: Literal["Country"] = "Country"
    iso2: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")


class Organisation(_Located):
    """An organisation; ``kind`` picks the subclass (university, municipal government, ...)."""

    type: Literal["Organisation"] = "Organisation"
    kind: Literal[
        "Organisation",
        "MunicipalGovernment",
        "University",
        "InternationalOrganisation",
        "AssociationOfMayors",
        "GovernmentBody",
        "BusinessOrganisation",
    ] = "Organisation"
    located_in: str | None = None
    governs: str | None = None
    part_of: str | None = None


class Network(_Located):
    """A city network: an organisation whose members are cities or organisations."""

    type: Literal["Network"] = "Network"
    kind: Literal["Network", "AssociationOfMayors", "InternationalOrganisation"] = "Network"
    founded: PartialDate | None = None
    status: Literal["Active", "Former", "Planned"] | None = None
    part_of: str | None = None
    located_in: str | None = None


class Person(_Entity):
    """A person acting for a city or an organisation."""

    type: Literal["Person"] = "Person"


class Event(_Entity):
    """A summit, conference or meeting, hosted by a city."""

    type: Literal["Event"] = "Event"
    kind: Literal["Event", "Summit", "Conference"] = "Event"
    host: str | None = None
    organisers: list[str] = Field(default_factory=list)
    participants: list[str] = Field(default_factory=list)
    start: PartialDate | None = None
    end: PartialDate | None = None
    edition: int | None = Field(default=None, ge=1)
    recurring: bool = False


class Programme(_Entity):
    """A programme a city runs, such as Isfahan's Citizen Diplomat."""

    type: Literal["Programme"] = "Programme"
    run_by: str | None = None
    partners: list[str] = Field(default_factory=list)
    fields: list[Literal[FIELDS]] = Field(default_factory=list)  # type: ignore[valid-type]
    start: PartialDate | None = None
    end: PartialDate | None = None
    applicants: int | None = Field(default=None, ge=0)
    selected: int | None = Field(default=None, ge=0)
    call_year: int | None = Field(default=None, ge=1000, le=9999)
    """The (Gregorian) year the programme's call for participants was announced."""


Entity = Annotated[
    City | Region | Country | Organisation | Network | Person | Event | Programme,
    Field(discriminator="type"),
]


class _Fact(_Record):
    id: str
    evidence: list[Evidence] = Field(default_factory=list)
    review: Literal["Candidate", "Accepted", "Rejected"] | None = None

    _id = field_validator("id")(_check_id)


class Agreement(_Fact):
    """A twinning, partnership, MoU or cooperation agreement between two or more parties."""

    type: Literal[
        "TwinningAgreement", "PartnershipAgreement", "MemorandumOfUnderstanding", "CooperationAgreement"
    ]
    parties: list[str] = Field(min_length=2)
    signed: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    status: Literal["Active", "Former", "Planned"] | None = None
    fields: list[Literal[FIELDS]] = Field(default_factory=list)  # type: ignore[valid-type]
    labels: dict[str, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _distinct_parties(self) -> Agreement:
        if len(set(self.parties)) != len(self.parties):
            raise ValueError(f"agreement {self.id!r} names a party twice")
        return self


class Membership(_Fact):
    """A city's or organisation's membership of a network, with its interval."""

    member: str
    network: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    status: Literal["Active", "Former", "Planned"] | None = None
    role: str | None = None
    certified_by: str | None = None


class Post(_Fact):
    """A post held by a person in an organisation (mayor, secretary-general, director)."""

    person: str
    role: Literal[ROLES]  # type: ignore[valid-type]
    organisation: str
    start: PartialDate | None = None
    end: PartialDate | None = None


class Dataset(_Record):
    """What one load brings: sources, entities and facts, checked for dangling ids."""

    name: str
    sources: list[Source] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    memberships: list[Membership] = Field(default_factory=list)
    posts: list[Post] = Field(default_factory=list)
    _name = field_validator("name")(_check_id)
