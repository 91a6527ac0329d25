//! The registry's live records (seeded, then changed by `POST /_sandbox/dci/events`), how each is
//! written as a DCI `reg_records` entry, and the attributes queries may name.

use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};

use super::seed_data::{SeedHousehold, SeedPerson, HOUSEHOLDS};

#[derive(Debug, Clone)]
pub struct Household {
    pub household_id: String,
    pub ration_card: String,
    pub poverty_score: String,
    pub village: String,
    pub block: String,
    pub district: String,
    pub state: String,
    pub pin_code: String,
    pub registration_date: String,
    pub last_updated: String,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub uin: String,
    pub brn: String,
    pub given_name: String,
    pub surname: String,
    pub local_name: String,
    pub sex: String,
    pub birth_date: String,
    pub relationship_head: String,
    pub marital_status: String,
    pub occupation: String,
    pub is_disabled: bool,
    pub mobile: String,
    pub household_id: String,
    /// Set by a DEREGISTER event: kept for txn history, left out of searches.
    pub deregistered: bool,
    pub registration_date: String,
    pub last_updated: String,
}

#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub households: Vec<Household>,
    pub persons: Vec<Person>,
}

impl Registry {
    pub fn seeded() -> Self {
        let mut registry = Registry::default();
        for h in HOUSEHOLDS {
            registry.households.push(household_from_seed(h));
            for m in h.members {
                registry.persons.push(person_from_seed(m, h));
            }
        }
        registry
    }

    pub fn household(&self, id: &str) -> Option<&Household> {
        self.households.iter().find(|h| h.household_id == id)
    }

    pub fn members<'a>(&'a self, household_id: &'a str) -> impl Iterator<Item = &'a Person> + 'a {
        self.persons
            .iter()
            .filter(move |p| p.household_id == household_id && !p.deregistered)
    }

    pub fn household_size(&self, household_id: &str) -> usize {
        self.members(household_id).count()
    }

    /// The next free UIN: seeded UINs are 9 digits, new ones continue after the largest.
    pub fn next_uin(&self) -> String {
        let max = self
            .persons
            .iter()
            .filter_map(|p| p.uin.parse::<u64>().ok())
            .max()
            .unwrap_or(847_950_000);
        (max + 8).to_string()
    }
}

fn household_from_seed(h: &SeedHousehold) -> Household {
    Household {
        household_id: h.household_id.into(),
        ration_card: h.ration_card.into(),
        poverty_score: h.poverty_score.into(),
        village: h.village.into(),
        block: h.block.into(),
        district: h.district.into(),
        state: h.state.into(),
        pin_code: h.pin_code.into(),
        registration_date: h.registration_date.into(),
        last_updated: h.registration_date.into(),
    }
}

fn person_from_seed(m: &SeedPerson, h: &SeedHousehold) -> Person {
    Person {
        uin: m.uin.into(),
        brn: m.brn.into(),
        given_name: m.given_name.into(),
        surname: m.surname.into(),
        local_name: m.local_name.into(),
        sex: m.sex.into(),
        birth_date: m.birth_date.into(),
        relationship_head: m.relationship_head.into(),
        marital_status: m.marital_status.into(),
        occupation: m.occupation.into(),
        is_disabled: m.is_disabled,
        mobile: m.mobile.into(),
        household_id: h.household_id.into(),
        deregistered: false,
        registration_date: h.registration_date.into(),
        last_updated: h.registration_date.into(),
    }
}

/// An attribute's value, typed for comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Attr {
    Text(String),
    /// Exact decimal, in millionths (`2.5` → 2_500_000): scores are compared without floats.
    Number(i128),
}

/// `2`, `2.5`, `-0.25`, `"4.0"` → millionths; `None` if it is not a plain decimal.
pub fn decimal_millionths(text: &str) -> Option<i128> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || fraction.len() > 6
        || whole.len() > 18
    {
        return None;
    }
    let whole: i128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut frac: i128 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    for _ in fraction.len()..6 {
        frac *= 10;
    }
    let value = whole * 1_000_000 + frac;
    Some(if negative { -value } else { value })
}

fn number(n: i64) -> Attr {
    Attr::Number(i128::from(n) * 1_000_000)
}

/// The attribute names a person search understands (matched case-insensitively, `-` = `_`).
pub const PERSON_ATTRIBUTES: &[&str] = &[
    "UIN",
    "BRN",
    "MOBILE",
    "RATION_CARD",
    "household_identifier",
    "given_name",
    "surname",
    "name",
    "sex",
    "birth_date",
    "YOB",
    "age",
    "poverty_score",
    "household_size",
    "village",
    "block",
    "district",
    "state",
    "pin_code",
    "marital_status",
    "occupation",
    "is_disabled",
    "relationship_head",
    "registration_date",
];

/// The attribute names a household (group) search understands.
pub const HOUSEHOLD_ATTRIBUTES: &[&str] = &[
    "household_identifier",
    "RATION_CARD",
    "poverty_score",
    "household_size",
    "village",
    "block",
    "district",
    "state",
    "pin_code",
    "registration_date",
];

/// Folds the spellings the examples and common DCI profiles use onto ours.
pub fn canonical_attribute(name: &str) -> String {
    let folded = name.trim().to_ascii_lowercase().replace('-', "_");
    let folded = folded
        .strip_prefix("spdci:")
        .map(str::to_owned)
        .unwrap_or(folded);
    match folded.as_str() {
        "gender" => "sex",
        "dob" | "date_of_birth" => "birth_date",
        "yob" | "year_of_birth" => "yob",
        "phone_number" | "mobile_number" | "phone" => "mobile",
        "household_id" | "household" => "household_identifier",
        "ration_card_number" | "rationcard" => "ration_card",
        "area_code" | "postal_code" | "pincode" => "pin_code",
        "family_name" | "last_name" => "surname",
        "first_name" => "given_name",
        "size" => "household_size",
        other => other,
    }
    .to_owned()
}

fn known(list: &[&str], canonical: &str) -> bool {
    list.iter().any(|a| a.eq_ignore_ascii_case(canonical))
}

/// Sexes are stored `male`/`female`; queries may say `m`/`f`.
pub fn normalise_sex(text: &str) -> String {
    match text.trim().to_ascii_lowercase().as_str() {
        "m" | "male" => "male".into(),
        "f" | "female" => "female".into(),
        "o" | "other" | "t" | "transgender" => "other".into(),
        other => other.to_owned(),
    }
}

pub fn age_on(birth_date: &str, today: NaiveDate) -> Option<i64> {
    let born = NaiveDate::parse_from_str(birth_date, "%Y-%m-%d").ok()?;
    let mut age = i64::from(today.year() - born.year());
    if (today.month(), today.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    Some(age)
}

impl Registry {
    /// A person's attribute (canonical name), or `None` when the name is unknown.
    pub fn person_attr(&self, p: &Person, canonical: &str, today: NaiveDate) -> Option<Attr> {
        if !known(PERSON_ATTRIBUTES, canonical) {
            return None;
        }
        let h = self.household(&p.household_id);
        let hh = |f: fn(&Household) -> &String| Attr::Text(h.map(f).cloned().unwrap_or_default());
        Some(match canonical {
            "uin" => Attr::Text(p.uin.clone()),
            "brn" => Attr::Text(p.brn.clone()),
            "mobile" => Attr::Text(p.mobile.clone()),
            "ration_card" => hh(|h| &h.ration_card),
            "household_identifier" => Attr::Text(p.household_id.clone()),
            "given_name" => Attr::Text(p.given_name.clone()),
            "surname" => Attr::Text(p.surname.clone()),
            "name" => Attr::Text(format!("{} {}", p.given_name, p.surname)),
            "sex" => Attr::Text(p.sex.clone()),
            "birth_date" => Attr::Text(p.birth_date.clone()),
            "yob" => Attr::Number(decimal_millionths(p.birth_date.get(..4).unwrap_or(""))?),
            "age" => number(age_on(&p.birth_date, today)?),
            "poverty_score" => Attr::Number(h.and_then(|h| decimal_millionths(&h.poverty_score))?),
            "household_size" => number(self.household_size(&p.household_id) as i64),
            "village" => hh(|h| &h.village),
            "block" => hh(|h| &h.block),
            "district" => hh(|h| &h.district),
            "state" => hh(|h| &h.state),
            "pin_code" => hh(|h| &h.pin_code),
            "marital_status" => Attr::Text(p.marital_status.clone()),
            "occupation" => Attr::Text(p.occupation.clone()),
            "is_disabled" => Attr::Text(p.is_disabled.to_string()),
            "relationship_head" => Attr::Text(p.relationship_head.clone()),
            "registration_date" => Attr::Text(p.registration_date.clone()),
            _ => return None,
        })
    }

    pub fn household_attr(&self, h: &Household, canonical: &str) -> Option<Attr> {
        if !known(HOUSEHOLD_ATTRIBUTES, canonical) {
            return None;
        }
        Some(match canonical {
            "household_identifier" => Attr::Text(h.household_id.clone()),
            "ration_card" => Attr::Text(h.ration_card.clone()),
            "poverty_score" => Attr::Number(decimal_millionths(&h.poverty_score)?),
            "household_size" => number(self.household_size(&h.household_id) as i64),
            "village" => Attr::Text(h.village.clone()),
            "block" => Attr::Text(h.block.clone()),
            "district" => Attr::Text(h.district.clone()),
            "state" => Attr::Text(h.state.clone()),
            "pin_code" => Attr::Text(h.pin_code.clone()),
            "registration_date" => Attr::Text(h.registration_date.clone()),
            _ => return None,
        })
    }

    /// A person as a `reg_records` entry, after the yaml's Person example.
    pub fn person_record(&self, p: &Person) -> Value {
        let h = self.household(&p.household_id);
        let mut identifiers = vec![identifier("UIN", &p.uin)];
        if !p.brn.is_empty() {
            identifiers.push(identifier("BRN", &p.brn));
        }
        if let Some(h) = h {
            identifiers.push(identifier("RATION_CARD", &h.ration_card));
        }
        json!({
            "@context": context(),
            "@id": "Person",
            "@type": "Person",
            "identifier": identifiers,
            "name": {
                "@type": "Name",
                "given_name": p.given_name,
                "second_name": "",
                "surname": p.surname,
                "prefix": "",
                "suffix": "",
            },
            "local_name": p.local_name,
            "sex": p.sex,
            "birth_date": p.birth_date,
            "marital_status": p.marital_status,
            "is_disabled": p.is_disabled,
            "occupation": p.occupation,
            "phone_number": p.mobile,
            "household_identifier": p.household_id,
            "household_status": if p.relationship_head == "self" { "Head" } else { "Member" },
            "relationship_head": p.relationship_head,
            "household_size": self.household_size(&p.household_id),
            "poverty_score": h.map(|h| h.poverty_score.clone()).unwrap_or_default(),
            "address": h.map(address).unwrap_or(Value::Null),
            "registration_date": p.registration_date,
            "last_updated": p.last_updated,
            "enrolment_status": if p.deregistered { "deregistered" } else { "active" },
        })
    }

    /// A household as a `reg_records` entry, after the yaml's Household example.
    pub fn household_record(&self, h: &Household) -> Value {
        let members: Vec<&Person> = self.members(&h.household_id).collect();
        let head = members.iter().find(|p| p.relationship_head == "self");
        let demographic = |p: &Person| {
            json!({ "person": {
                "identifier_type": "UIN",
                "identifier_value": p.uin,
                "name": { "first_name": p.given_name, "second_name": "", "surname": p.surname },
                "local_name": p.local_name,
                "sex": p.sex,
                "birth_date": p.birth_date,
                "phone_number": p.mobile,
            }})
        };
        let member_list: Vec<Value> = members
            .iter()
            .map(|p| {
                json!({ "household_member": {
                    "member_identifier": p.uin,
                    "demographic_info": demographic(p),
                    "relationship_head": p.relationship_head,
                    "is_disabled": p.is_disabled,
                    "marital_status": p.marital_status,
                    "occupation": p.occupation,
                    "registration_date": p.registration_date,
                }})
            })
            .collect();
        json!({
            "@context": context(),
            "@id": "Household",
            "@type": "Household",
            "household_identifier": h.household_id,
            "ration_card_number": h.ration_card,
            "address": address(h),
            "poverty_score": h.poverty_score,
            "poverty_score_type": "state PMT score (0 poorest – 10)",
            "household_size": members.len(),
            "household_head_info": head.map(|p| demographic(p)).unwrap_or(Value::Null),
            "member_list": member_list,
            "additional_attributes": [],
            "registration_date": h.registration_date,
            "last_update": h.last_updated,
        })
    }
}

fn identifier(kind: &str, value: &str) -> Value {
    json!({ "@id": "Identifier", "@type": "Identifier", "identifier_type": kind, "identifier_value": value })
}

fn address(h: &Household) -> Value {
    json!({
        "@type": "Address",
        "address_line1": h.village,
        "locality": h.block,
        "sub_region_code": h.district,
        "region_code": h.state,
        "postal_code": h.pin_code,
        "country_code": "IN",
    })
}

fn context() -> Value {
    json!({
        "@vocab": "https://schema.spdci.org/extensions/social/v1",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "schema": "http://schema.org/",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(decimal_millionths("2.5"), Some(2_500_000));
        assert_eq!(decimal_millionths("5"), Some(5_000_000));
        assert_eq!(decimal_millionths("-0.25"), Some(-250_000));
        assert_eq!(decimal_millionths("4.0"), Some(4_000_000));
        assert_eq!(decimal_millionths("abc"), None);
        assert_eq!(decimal_millionths(""), None);
        assert_eq!(decimal_millionths("."), None);
    }

    #[test]
    fn seeded_registry_is_consistent() {
        let r = Registry::seeded();
        assert_eq!(r.households.len(), 8);
        assert_eq!(r.persons.len(), 30);
        assert!(r.persons.iter().any(|p| p.uin == "847951632"));
        let today = NaiveDate::from_ymd_opt(2025, 8, 14).unwrap_or_default();
        assert_eq!(age_on("1979-08-15", today), Some(45));
        assert_eq!(age_on("1979-08-14", today), Some(46));
        let mut uins: Vec<&str> = r.persons.iter().map(|p| p.uin.as_str()).collect();
        uins.dedup();
        assert_eq!(uins.len(), 30);
    }
}
