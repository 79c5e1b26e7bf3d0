"""The hand-curated seed facts (loaders/data/seeds.yaml) against their five documents.

Each seed document has a test asserting its key facts together with their
provenance (the source id and a supporting sentence). Two further tests check
that every evidence sentence is copied verbatim from its document and that
every id the file refers to is defined in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from ontology.records import (
    Agreement,
    City,
    Country,
    Dataset,
    Event,
    Evidence,
    Membership,
    Network,
    Organisation,
    Person,
    Post,
    Programme,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS_YAML = REPO_ROOT / "loaders" / "data" / "seeds.yaml"
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"


@lru_cache(maxsize=1)
def _dataset() -> Dataset:
    with SEEDS_YAML.open(encoding="utf-8") as fh:
        return Dataset.model_validate(yaml.safe_load(fh))


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return _dataset()


def _entity(ds: Dataset, entity_id: str) -> object:
    matches = [e for e in ds.entities if e.id == entity_id]
    assert len(matches) == 1, f"entity {entity_id!r} defined {len(matches)} times"
    return matches[0]


def _membership(ds: Dataset, member: str, network: str) -> Membership:
    matches = [m for m in ds.memberships if m.member == member and m.network == network]
    assert len(matches) == 1, f"{len(matches)} memberships of {member!r} in {network!r}"
    return matches[0]


def _post(ds: Dataset, person: str, role: str, organisation: str) -> Post:
    matches = [
        p for p in ds.posts if p.person == person and p.role == role and p.organisation == organisation
    ]
    assert len(matches) == 1, f"{len(matches)} posts {person!r} {role} in {organisation!r}"
    return matches[0]


def _cites(evidence: list[Evidence], source: str, fragment: str) -> bool:
    """True if some evidence item cites ``source`` with a sentence containing ``fragment``."""
    return any(ev.source == source and ev.sentence and fragment in ev.sentence for ev in evidence)


# --------------------------------------------------------------------- sources


def test_sources_metadata(ds: Dataset) -> None:
    sources = {s.id: s for s in ds.sources}
    assert sorted(sources) == ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"]
    assert sources["seed-000"].file == "000_2d2c0113b872684a.txt"
    assert sources["seed-000"].language == "fa"
    assert sources["seed-000"].title == "شبکه دانشگاههای شهرهای راه ابریشم تشکیل میشود"
    assert sources["seed-001"].date == "2021-05-05"  # ۱۵ اردیبهشت ۱۴۰۰
    assert sources["seed-001"].news_code == "25198"
    assert sources["seed-001"].publisher == "دنیای اسرار"
    assert sources["seed-002"].publisher == "صبح ساحل"
    assert sources["seed-002"].date is None
    assert sources["seed-003"].title is None  # the item has no headline
    assert sources["seed-004"].language == "sl"
    assert sources["seed-004"].title == "Mednarodno in medmestno sodelovanje"
    assert sources["seed-004"].publisher is None
    assert all(s.url is None for s in ds.sources)


# --------------------------------------------------------------------- seed-000


def test_seed_000_silk_road_facts(ds: Dataset) -> None:
    forum = _entity(ds, "asian-mayors-forum")
    assert isinstance(forum, Network)
    assert forum.kind == "AssociationOfMayors"
    assert forum.label("fa") == "مجمع شهرداران آسیایی"

    khodadadi = _entity(ds, "mohammad-khodadadi")
    assert isinstance(khodadadi, Person)
    assert khodadadi.label("en") == "Mohammad Khodadadi"
    sg = _post(ds, "mohammad-khodadadi", "SecretaryGeneral", "asian-mayors-forum")
    assert _cites(sg.evidence, "seed-000", "دبیرکل مجمع شهرداران آسیایی گفت")
    assert _cites(sg.evidence, "seed-000", "محمد خدادادی امروز در گفتوگو با خبرنگار فارس")

    summit = _entity(ds, "silk-road-mayors-summit-qazvin")
    assert isinstance(summit, Event)
    assert summit.kind == "Summit"
    assert summit.recurring is True
    assert summit.host == "qazvin"
    assert summit.start is None  # the item gives no date
    assert _cites(
        summit.evidence, "seed-000", "هر ساله اجلاس جهانی شهرداران جاده ابریشم در یک شهر برگزار میشود"
    )
    assert _cites(summit.evidence, "seed-000", "قزوین میزبان اجلاس جاده ابریشم شده")

    universities = _entity(ds, "silk-road-universities-network")
    assert isinstance(universities, Network)
    assert universities.status == "Planned"
    assert _cites(universities.evidence, "seed-000", "شبکه دانشگاههای شهرهای راه ابریشم تشکیل میشود")

    university = _entity(ds, "islamic-azad-university-qazvin")
    assert isinstance(university, Organisation)
    assert university.kind == "University"
    assert university.located_in == "qazvin"
    member = _membership(ds, "islamic-azad-university-qazvin", "silk-road-universities-network")
    assert _cites(member.evidence, "seed-000", "دانشگاه آزاد اسلامی قزوین عضو آن است")

    union = _entity(ds, "silk-road-cities-union")
    assert isinstance(union, Network)
    assert union.status == "Planned"
    assert union.label("fa") == "اتحادیه شهرهای راه ابریشم"
    assert _cites(union.evidence, "seed-000", "اتحادیه شهرهای راه ابریشم در این زیر مجموعه به تصویب میرساند")

    qazvin = _entity(ds, "qazvin")
    assert isinstance(qazvin, City)
    assert qazvin.country == "iran"
    assert qazvin.geonames == 119505
    assert (qazvin.lat, qazvin.lon) == (36.2804074, 50.006663)

    # China, India and Türkiye are only possible future partners: not encoded.
    ids = {e.id for e in ds.entities}
    assert not {"china", "india", "turkiye", "turkey"} & ids


# --------------------------------------------------------------------- seed-001


def test_seed_001_citizen_diplomat(ds: Dataset) -> None:
    programme = _entity(ds, "citizen-diplomat")
    assert isinstance(programme, Programme)
    assert programme.label("fa") == "شهروند دیپلمات"
    assert programme.run_by == "isfahan-municipality-international-affairs"
    assert programme.applicants == 263
    assert programme.selected == 92
    assert programme.start is None  # the text gives no start date
    assert programme.call_year == 2020  # the call was announced in 1399 SH, which began in March 2020
    assert sorted(programme.partners) == [
        "international-universities-cooperation-consortium",
        "isfahan-chamber-of-commerce",
        "isfahan-science-and-technology-town",
        "mfa-iran",
        "mfa-iran-school-of-international-relations",
    ]
    assert _cites(programme.evidence, "seed-001", "از بین ۲۶۳ ثبت نام کننده، ۹۲ شهروند تسهیلگر")
    assert _cites(programme.evidence, "seed-001", "فراخوان آن در سال ۹۹ اعلام شد")
    assert _cites(
        programme.evidence, "seed-001", "اتاق بازرگانی استان را به دبیرخانه «شهروند دیپلمات» ارسال کردند"
    )

    directorate = _entity(ds, "isfahan-municipality-international-affairs")
    assert isinstance(directorate, Organisation)
    assert directorate.part_of == "isfahan-municipality"
    municipality = _entity(ds, "isfahan-municipality")
    assert isinstance(municipality, Organisation)
    assert municipality.kind == "MunicipalGovernment"
    assert municipality.governs == "isfahan"

    school = _entity(ds, "mfa-iran-school-of-international-relations")
    assert isinstance(school, Organisation)
    assert school.part_of == "mfa-iran"
    assert school.label("fa") == "دانشکده وزارت امور خارجه"
    chamber = _entity(ds, "isfahan-chamber-of-commerce")
    assert isinstance(chamber, Organisation)
    assert chamber.kind == "BusinessOrganisation"

    dg = _post(ds, "iman-hojjati", "DirectorGeneral", "isfahan-municipality-international-affairs")
    assert _cites(dg.evidence, "seed-001", "مدیرکل ارتباطات و امور بینالملل شهرداری اصفهان گفت")
    assert _cites(dg.evidence, "seed-001", "ایمان حجتی")

    # Sister cities are mentioned generically only: no agreement may be invented.
    assert ds.agreements == []
    isfahan = _entity(ds, "isfahan")
    assert isinstance(isfahan, City)
    assert isfahan.wikidata == "Q42053"
    assert _cites(isfahan.evidence, "seed-001", "شهرهای خواهرخواندهاش")


# --------------------------------------------------------------------- seed-002


def test_seed_002_learning_cities_conference(ds: Dataset) -> None:
    conference = _entity(ds, "iclc-5")
    assert isinstance(conference, Event)
    assert conference.kind == "Conference"
    assert conference.edition == 5
    assert conference.host == "yeonsu"
    assert conference.organisers == []  # the item names only "the organising committee"
    assert conference.start is None  # the date is not stated in the item
    assert conference.end is None
    assert set(conference.participants) == {
        "javad-mahmoudi",
        "professor-shil",
        "david-atchoarena",
        "yeonsu",
        "osan",
        "songdo",
    }
    assert _cites(
        conference.evidence,
        "seed-002",
        "پنجمین کنفرانس بین المللی شهرهای یادگیرنده یونسکو درشهر یونسو کره جنوبی برگزار شد",
    )

    yeonsu = _entity(ds, "yeonsu")
    assert isinstance(yeonsu, City)
    assert yeonsu.country == "south-korea"

    mayor = _post(ds, "javad-mahmoudi", "Mayor", "bandar-khamir")
    assert _cites(mayor.evidence, "seed-002", "جواد محمودی شهردار بندرخمیر")
    speaker = _post(ds, "javad-mahmoudi", "Speaker", "iclc-5")
    assert _cites(speaker.evidence, "seed-002", "به عنوان سخنران یکی از پنل های تخصصی کنفرانس")

    secretary = _post(ds, "professor-shil", "ExecutiveSecretary", "iclc-5")
    assert _cites(secretary.evidence, "seed-002", "خانم پروفسور شیل دبیر اجرایی کنفرانس")
    director = _post(ds, "david-atchoarena", "Director", "uil")
    assert _cites(director.evidence, "seed-002", "دیوید آچوارنا رییس موسسه یادگیری مادام العمر یونسکو")

    gnlc = _membership(ds, "bandar-khamir", "unesco-gnlc")
    assert gnlc.start == "2020"
    assert _cites(gnlc.evidence, "seed-002", "بندرخمیر در سال 2020 توانست")

    network = _entity(ds, "unesco-gnlc")
    assert isinstance(network, Network)
    assert "225 cities from 64 countries" in network.descriptions["en"]
    assert _cites(
        network.evidence, "seed-002", "تاکنون 225 شهر از 64 کشور جهان عضو شبکه شهرهای یادگیرنده یونسکو هستند"
    )

    bureau = {m.member for m in ds.memberships if m.network == "asia-pacific-learning-cities-committee"}
    assert {"osan", "songdo"} <= bureau

    khamir = _entity(ds, "bandar-khamir")
    assert isinstance(khamir, City)
    assert khamir.geonames == 127992
    assert (khamir.lat, khamir.lon) == (26.9519276, 55.5854804)


# --------------------------------------------------------------------- seed-003


def test_seed_003_kermanshah_learning_city(ds: Dataset) -> None:
    admission = _membership(ds, "kermanshah", "unesco-gnlc")
    assert admission.status == "Active"
    assert _cites(
        admission.evidence,
        "seed-003",
        "شهر کرمانشاه بهعنوان یکی از اعضای جدید شبکه جهانی شهرهای یادگیرنده یونسکو پذیرفته شد",
    )
    assert admission.certified_by == "isabell-kempf"  # the certificate's issuer, a fact of its own
    assert _cites(admission.evidence, "seed-003", "گواهی رسمی این عضویت توسط خانم ایزابل کمپف")

    kempf = _post(ds, "isabell-kempf", "Director", "uil")
    assert _cites(kempf.evidence, "seed-003", "خانم ایزابل کمپف مدیر مؤسسه یادگیری مادامالعمر یونسکو")
    assert _entity(ds, "isabell-kempf").label("fa") == "ایزابل کمپف"  # type: ignore[attr-defined]
    assert _entity(ds, "isabell-kempf").label("en") == "Isabell Kempf"  # type: ignore[attr-defined]

    head = _post(ds, "iman-derakhshi", "Head", "kermanshah-cultural-organisation")
    assert _cites(head.evidence, "seed-003", "رئیس سازمان فرهنگی شهرداری کرمانشاه")
    cultural = _entity(ds, "kermanshah-cultural-organisation")
    assert isinstance(cultural, Organisation)
    assert cultural.part_of == "kermanshah-municipality"

    commission = _entity(ds, "iran-national-commission-for-unesco")
    assert isinstance(commission, Organisation)
    assert _cites(commission.evidence, "seed-003", "همکاری ویژه کمیسیون ملی یونسکو در ایران")

    uil = _entity(ds, "uil")
    assert isinstance(uil, Organisation)
    assert uil.kind == "InternationalOrganisation"
    assert uil.part_of == "unesco"

    both_brands = "تنها سه شهر دارای دو برند جهانی خلاق و یادگیرنده هستند"
    for city in ("kermanshah", "isfahan", "kashan"):
        for network in ("unesco-gnlc", "unesco-creative-cities-network"):
            membership = _membership(ds, city, network)
            assert membership.status == "Active"
            assert _cites(membership.evidence, "seed-003", both_brands), (city, network)


# --------------------------------------------------------------------- seed-004


def test_seed_004_maribor_cooperation(ds: Dataset) -> None:
    programme = _entity(ds, "maribor-international-cooperation")
    assert isinstance(programme, Programme)
    assert programme.label("sl") == "Mednarodno in medmestno sodelovanje"
    assert programme.run_by == "mestna-obcina-maribor"
    assert set(programme.fields) >= {"Economy", "Culture", "Sport", "Education", "HumanitarianAid", "Tourism"}
    assert _cites(
        programme.evidence,
        "seed-004",
        "kot so gospodarstvo, kultura, šport, izobraževanje, humanitarna pomoč",
    )
    assert _cites(programme.evidence, "seed-004", "kot so šport, turizem, izobraževanje")
    assert _cites(
        programme.evidence,
        "seed-004",
        "Maribor je pri obeh načinih medmestnega sodelovanja uspešno dejaven že vrsto let.",
    )

    municipality = _entity(ds, "mestna-obcina-maribor")
    assert isinstance(municipality, Organisation)
    assert municipality.kind == "MunicipalGovernment"
    assert municipality.governs == "maribor"

    maribor = _entity(ds, "maribor")
    assert isinstance(maribor, City)
    assert maribor.wikidata == "Q1010"
    assert maribor.country == "slovenia"
    slovenia = _entity(ds, "slovenia")
    assert isinstance(slovenia, Country)
    assert slovenia.iso2 == "SI"

    # The page names no twin or partner city.
    assert not any("maribor" in a.parties for a in ds.agreements)


# ------------------------------------------------------------------ provenance


def _all_evidence(ds: Dataset) -> Iterator[tuple[str, Evidence]]:
    for record in [*ds.entities, *ds.agreements, *ds.memberships, *ds.posts]:
        for ev in record.evidence:
            yield record.id, ev


def test_every_fact_has_evidence(ds: Dataset) -> None:
    facts: list[Agreement | Membership | Post | Event | Programme] = [
        *ds.agreements,
        *ds.memberships,
        *ds.posts,
    ]
    facts += [e for e in ds.entities if isinstance(e, Event | Programme)]
    for fact in facts:
        assert fact.evidence, f"{fact.id} has no evidence"
        for ev in fact.evidence:
            assert ev.sentence, fact.id
            assert ev.lang in {"fa", "sl"}, fact.id


def test_evidence_sentences_are_verbatim(ds: Dataset) -> None:
    assert SEEDS_DIR.is_dir(), f"seed documents not found at {SEEDS_DIR}"
    texts = {s.id: (SEEDS_DIR / s.file).read_text(encoding="utf-8") for s in ds.sources if s.file}
    checked = 0
    for record_id, ev in _all_evidence(ds):
        assert ev.source in texts, f"{record_id}: unknown source {ev.source!r}"
        assert ev.sentence, f"{record_id}: evidence without a sentence"
        where = f"{record_id}: sentence not in {ev.source}: {ev.sentence[:60]!r}"
        assert ev.sentence in texts[ev.source], where
        expected_lang = next(s.language for s in ds.sources if s.id == ev.source)
        assert ev.lang == expected_lang, record_id
        checked += 1
    assert checked >= 60


def test_referenced_ids_are_defined(ds: Dataset) -> None:
    entity_ids = [e.id for e in ds.entities]
    fact_ids = [f.id for f in [*ds.agreements, *ds.memberships, *ds.posts]]
    source_ids = [s.id for s in ds.sources]
    all_ids = entity_ids + fact_ids + source_ids
    assert len(all_ids) == len(set(all_ids)), "duplicate ids"
    defined = set(entity_ids)

    refs: list[tuple[str, str, str]] = []
    for e in ds.entities:
        for attr in ("country", "region", "located_in", "governs", "part_of", "host", "run_by"):
            value = getattr(e, attr, None)
            if value is not None:
                refs.append((e.id, attr, value))
        for attr in ("organisers", "participants", "partners"):
            refs.extend((e.id, attr, v) for v in getattr(e, attr, []))
    for a in ds.agreements:
        refs.extend((a.id, "parties", p) for p in a.parties)
    for m in ds.memberships:
        refs += [(m.id, "member", m.member), (m.id, "network", m.network)]
    for p in ds.posts:
        refs += [(p.id, "person", p.person), (p.id, "organisation", p.organisation)]

    missing = [r for r in refs if r[2] not in defined]
    assert not missing, missing
    assert len(refs) >= 60

    sources = set(source_ids)
    bad_sources = [(rid, ev.source) for rid, ev in _all_evidence(ds) if ev.source not in sources]
    assert not bad_sources, bad_sources

    # Typed references point at the right kind of record.
    by_id = {e.id: e for e in ds.entities}
    for m in ds.memberships:
        assert isinstance(by_id[m.network], Network), m.id
    for p in ds.posts:
        assert isinstance(by_id[p.person], Person), p.id
    for e in ds.entities:
        if isinstance(e, City | Organisation | Network) and e.country is not None:
            assert isinstance(by_id[e.country], Country), e.id
