//! Search over the registry: the yaml's three query forms (`idtype-value`, `expression`,
//! `predicate`), sort and pagination. A bad query is not an HTTP error: it becomes a
//! `search_response` item with `status: rjct` and a `rjct.*` reason code naming the field.

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::registry_records::{
    canonical_attribute, decimal_millionths, normalise_sex, Attr, Household, Person, Registry,
    HOUSEHOLD_ATTRIBUTES, PERSON_ATTRIBUTES,
};

pub const MAX_PAGE_SIZE: u64 = 100;
pub const DEFAULT_PAGE_SIZE: u64 = 10;

/// Identifier types `idtype-value` queries accept, and the attribute each one searches.
pub const IDENTIFIER_TYPES: &[(&str, &str)] = &[
    ("UIN", "uin"),
    ("BRN", "brn"),
    ("MOBILE", "mobile"),
    ("RATION_CARD", "ration_card"),
    ("HOUSEHOLD_ID", "household_identifier"),
];

const REG_EVENT_TYPES: &[&str] = &["REGISTER", "PAYMENT", "DEREGISTER", "NewHouseHoldMember"];

/// A refused search item: the yaml's `SearchStatusReasonCode` and a sentence naming the field.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub code: &'static str,
    pub message: String,
}

fn reject<T>(code: &'static str, message: impl Into<String>) -> Result<T, Rejection> {
    Err(Rejection {
        code,
        message: message.into(),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Person,
    Household,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Lt,
    Gt,
    Le,
    Ge,
    In,
}

/// A compiled query.
#[derive(Debug, Clone)]
pub enum Filter {
    All,
    Cmp {
        attribute: String,
        op: Op,
        value: Value,
    },
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Not(Box<Filter>),
}

/// Which entity `response_entity` asks for (absent: persons).
pub fn entity_of(criteria: &Value, field: &str) -> Result<Entity, Rejection> {
    match criteria.get("response_entity") {
        None | Some(Value::Null) => Ok(Entity::Person),
        Some(Value::String(s)) if s.is_empty() || s == "Member" => Ok(Entity::Person),
        Some(Value::String(s)) if s == "Household" || s == "Family" => Ok(Entity::Household),
        Some(other) => reject(
            "rjct.search_criteria.invalid",
            format!("{field}.response_entity is {other}: use Household, Family or Member"),
        ),
    }
}

/// Compiles `query_type` + `query` (a search's `search_criteria` or a subscription's
/// `filter_type` + `filter`) for `entity`.
pub fn compile(
    query_type: Option<&Value>,
    query: Option<&Value>,
    entity: Entity,
    field: &str,
) -> Result<Filter, Rejection> {
    let code = "rjct.search_criteria.invalid";
    let query_type = match query_type {
        Some(Value::String(t)) => t.as_str(),
        None | Some(Value::Null) => {
            return reject(
                code,
                format!("{field}: query_type is missing (idtype-value, expression or predicate)"),
            )
        }
        Some(other) => return reject(code, format!("{field}: query_type {other} is not text")),
    };
    let query = match query {
        Some(q) if !q.is_null() => q,
        _ => return reject(code, format!("{field}: query is missing")),
    };
    match (query_type, query) {
        ("idtype-value", Value::Object(_)) => identifier_query(query, entity, field),
        ("idtype-value", _) => reject(
            code,
            format!("{field}.query must be {{\"type\": <identifier type>, \"value\": …}} for idtype-value"),
        ),
        // The official examples send predicate lists under query_type "expression".
        ("expression" | "predicate", Value::Array(items)) => predicate_list(items, entity, field),
        ("expression", Value::Object(_)) => expression_query(query, entity, field),
        ("predicate", _) => reject(code, format!("{field}.query must be a list of predicates")),
        (other, _) => reject(
            code,
            format!("{field}: query_type \"{other}\" is not one of idtype-value, expression, predicate"),
        ),
    }
}

fn identifier_query(query: &Value, entity: Entity, field: &str) -> Result<Filter, Rejection> {
    let id_type = query.get("type").and_then(Value::as_str).unwrap_or("");
    let known: Vec<&str> = IDENTIFIER_TYPES.iter().map(|(t, _)| *t).collect();
    let Some((_, attribute)) = IDENTIFIER_TYPES
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(id_type))
    else {
        return reject(
            "rjct.search_criteria.invalid",
            format!(
                "{field}.query.type \"{id_type}\" is not an identifier type of this registry: use one of {}",
                known.join(", ")
            ),
        );
    };
    let value = match query.get("value") {
        Some(v @ (Value::String(_) | Value::Number(_))) => v.clone(),
        _ => {
            return reject(
                "rjct.search_criteria.invalid",
                format!("{field}.query.value must be the identifier as text"),
            )
        }
    };
    let filter = Filter::Cmp {
        attribute: (*attribute).to_owned(),
        op: Op::Eq,
        value,
    };
    check_attributes(&filter, entity, field)?;
    Ok(filter)
}

fn predicate_list(items: &[Value], entity: Entity, field: &str) -> Result<Filter, Rejection> {
    let mut indexed: Vec<(f64, usize, &Value)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let seq = item
                .get("seq_num")
                .and_then(|s| {
                    s.as_f64()
                        .or_else(|| s.as_str().and_then(|t| t.parse().ok()))
                })
                .unwrap_or(i as f64);
            (seq, i, item)
        })
        .collect();
    indexed.sort_by(|a, b| {
        a.0.partial_cmp(&b.0)
            .unwrap_or(Ordering::Equal)
            .then(a.1.cmp(&b.1))
    });
    let mut all = Vec::new();
    for (_, i, item) in indexed {
        let at = format!("{field}.query[{i}]");
        let mut filter = expression(item.get("expression1"), &format!("{at}.expression1"))?;
        // expression2, expression3, … joined by `condition` (the examples repeat it).
        for n in 2.. {
            let name = format!("expression{n}");
            let next = match item.get(&name) {
                None | Some(Value::Null) => break,
                Some(Value::String(s)) if s.is_empty() => break,
                Some(v) => expression(Some(v), &format!("{at}.{name}"))?,
            };
            filter = match item
                .get("condition")
                .and_then(Value::as_str)
                .unwrap_or("and")
            {
                "and" | "" => Filter::And(vec![filter, next]),
                "or" => Filter::Or(vec![filter, next]),
                "not" => Filter::And(vec![filter, Filter::Not(Box::new(next))]),
                other => {
                    return reject(
                        "rjct.search_criteria.invalid",
                        format!("{at}.condition \"{other}\" is not and, or, not"),
                    )
                }
            };
        }
        all.push(filter);
    }
    let filter = if all.is_empty() {
        Filter::All
    } else {
        Filter::And(all)
    };
    check_attributes(&filter, entity, field)?;
    Ok(filter)
}

fn expression(value: Option<&Value>, at: &str) -> Result<Filter, Rejection> {
    let code = "rjct.search_criteria.invalid";
    let Some(Value::Object(e)) = value else {
        return reject(
            code,
            format!("{at} must be {{attribute_name, operator, attribute_value}}"),
        );
    };
    let attribute = match e.get("attribute_name").and_then(Value::as_str) {
        Some(a) if !a.trim().is_empty() => canonical_attribute(a),
        _ => return reject(code, format!("{at}.attribute_name is missing")),
    };
    let op = match e.get("operator").and_then(Value::as_str) {
        Some("eq") => Op::Eq,
        Some("lt") => Op::Lt,
        Some("gt") => Op::Gt,
        Some("le") => Op::Le,
        Some("ge") => Op::Ge,
        Some("in") => Op::In,
        other => {
            return reject(
                code,
                format!(
                    "{at}.operator {} is not one of gt, lt, eq, ge, le, in",
                    other.map_or("(missing)".to_owned(), |o| format!("\"{o}\""))
                ),
            )
        }
    };
    let value = match e.get("attribute_value") {
        Some(v) if !v.is_null() => v.clone(),
        _ => return reject(code, format!("{at}.attribute_value is missing")),
    };
    Ok(Filter::Cmp {
        attribute,
        op,
        value,
    })
}

/// `{"type": …, "value": {"expression": {"collection": …, "query": {"$and": [{"poverty_score":
/// {"$lt": 5}}, …]}}}}`, the yaml's own expression example (a NoSql-style template).
fn expression_query(query: &Value, entity: Entity, field: &str) -> Result<Filter, Rejection> {
    let code = "rjct.search_criteria.invalid";
    let Some(inner) = query.pointer("/value/expression/query") else {
        return reject(
            code,
            format!(
                "{field}.query.value.expression.query is missing (expected {{\"$and\": [ … ]}})"
            ),
        );
    };
    let filter = mongo(inner, &format!("{field}.query.value.expression.query"))?;
    check_attributes(&filter, entity, field)?;
    Ok(filter)
}

fn mongo(node: &Value, at: &str) -> Result<Filter, Rejection> {
    let code = "rjct.search_criteria.invalid";
    let Value::Object(members) = node else {
        return reject(code, format!("{at} must be an object"));
    };
    let mut parts = Vec::new();
    for (key, value) in members {
        match key.as_str() {
            "$and" | "$or" => {
                let Value::Array(items) = value else {
                    return reject(code, format!("{at}.{key} must be a list"));
                };
                let inner = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| mongo(v, &format!("{at}.{key}[{i}]")))
                    .collect::<Result<Vec<_>, _>>()?;
                parts.push(if key == "$and" {
                    Filter::And(inner)
                } else {
                    Filter::Or(inner)
                });
            }
            "$not" => parts.push(Filter::Not(Box::new(mongo(value, &format!("{at}.$not"))?))),
            attribute => {
                let attribute = canonical_attribute(attribute);
                match value {
                    Value::Object(ops) => {
                        for (op, operand) in ops {
                            let op = match op.as_str() {
                                "$eq" => Op::Eq,
                                "$lt" => Op::Lt,
                                "$gt" => Op::Gt,
                                "$lte" | "$le" => Op::Le,
                                "$gte" | "$ge" => Op::Ge,
                                "$in" => Op::In,
                                other => {
                                    return reject(
                                        code,
                                        format!("{at}.{attribute}: operator \"{other}\" is not one of $eq, $lt, $gt, $lte, $gte, $in"),
                                    )
                                }
                            };
                            parts.push(Filter::Cmp {
                                attribute: attribute.clone(),
                                op,
                                value: operand.clone(),
                            });
                        }
                    }
                    other => parts.push(Filter::Cmp {
                        attribute,
                        op: Op::Eq,
                        value: other.clone(),
                    }),
                }
            }
        }
    }
    Ok(Filter::And(parts))
}

fn check_attributes(filter: &Filter, entity: Entity, field: &str) -> Result<(), Rejection> {
    match filter {
        Filter::All => Ok(()),
        Filter::And(parts) | Filter::Or(parts) => parts
            .iter()
            .try_for_each(|p| check_attributes(p, entity, field)),
        Filter::Not(inner) => check_attributes(inner, entity, field),
        Filter::Cmp {
            attribute,
            op,
            value,
        } => {
            let list = match entity {
                Entity::Person => PERSON_ATTRIBUTES,
                Entity::Household => HOUSEHOLD_ATTRIBUTES,
            };
            if !list.iter().any(|a| a.eq_ignore_ascii_case(attribute)) {
                return reject(
                    "rjct.search_criteria.invalid",
                    format!(
                        "{field}: attribute \"{attribute}\" is not searchable for {}: use one of {}",
                        match entity {
                            Entity::Person => "persons",
                            Entity::Household => "households",
                        },
                        list.join(", ")
                    ),
                );
            }
            let numeric =
                ["age", "yob", "poverty_score", "household_size"].contains(&attribute.as_str());
            let values: Vec<&Value> = match (op, value) {
                (Op::In, Value::Array(items)) => items.iter().collect(),
                (Op::In, _) => {
                    return reject(
                        "rjct.search_criteria.invalid",
                        format!("{field}: the value for \"{attribute} in\" must be a list"),
                    )
                }
                (_, v) => vec![v],
            };
            for v in values {
                if numeric && number_of(v).is_none() {
                    return reject(
                        "rjct.search_criteria.invalid",
                        format!("{field}: the value {v} for {attribute} is not a number"),
                    );
                }
            }
            Ok(())
        }
    }
}

fn number_of(v: &Value) -> Option<i128> {
    match v {
        Value::Number(n) => decimal_millionths(&n.to_string()),
        Value::String(s) => decimal_millionths(s),
        _ => None,
    }
}

fn text_of(attribute: &str, v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if attribute == "sex" {
        normalise_sex(&text)
    } else {
        text.trim().to_lowercase()
    }
}

fn compare(attr: &Attr, attribute: &str, v: &Value) -> Option<Ordering> {
    match attr {
        Attr::Number(n) => number_of(v).map(|q| n.cmp(&q)),
        Attr::Text(t) => {
            let mine = if attribute == "sex" {
                normalise_sex(t)
            } else {
                t.to_lowercase()
            };
            Some(mine.as_str().cmp(text_of(attribute, v).as_str()))
        }
    }
}

fn matches(filter: &Filter, lookup: &dyn Fn(&str) -> Option<Attr>) -> bool {
    match filter {
        Filter::All => true,
        Filter::And(parts) => parts.iter().all(|p| matches(p, lookup)),
        Filter::Or(parts) => parts.iter().any(|p| matches(p, lookup)),
        Filter::Not(inner) => !matches(inner, lookup),
        Filter::Cmp {
            attribute,
            op,
            value,
        } => {
            let Some(attr) = lookup(attribute) else {
                return false;
            };
            let ord = |v: &Value| compare(&attr, attribute, v);
            match op {
                Op::Eq => ord(value) == Some(Ordering::Equal),
                Op::Lt => ord(value) == Some(Ordering::Less),
                Op::Gt => ord(value) == Some(Ordering::Greater),
                Op::Le => matches!(ord(value), Some(Ordering::Less | Ordering::Equal)),
                Op::Ge => matches!(ord(value), Some(Ordering::Greater | Ordering::Equal)),
                Op::In => value
                    .as_array()
                    .is_some_and(|items| items.iter().any(|v| ord(v) == Some(Ordering::Equal))),
            }
        }
    }
}

pub fn person_matches(registry: &Registry, p: &Person, filter: &Filter, today: NaiveDate) -> bool {
    !p.deregistered && matches(filter, &|a| registry.person_attr(p, a, today))
}

pub fn household_matches(registry: &Registry, h: &Household, filter: &Filter) -> bool {
    matches(filter, &|a| registry.household_attr(h, a))
}

/// One `search_request` item answered: the `search_response` item (`succ` with a page of records,
/// or `rjct` with the reason).
pub fn answer_item(
    registry: &Registry,
    item: &Value,
    index: usize,
    today: NaiveDate,
    now_text: &str,
) -> Value {
    let reference_id = item
        .get("reference_id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    match run_item(registry, item, index, today) {
        Ok((records, pagination)) => json!({
            "reference_id": reference_id,
            "timestamp": now_text,
            "status": "succ",
            "data": { "version": "1.0.0", "reg_records": records },
            "pagination": pagination,
        }),
        Err(r) => rejected_item(&reference_id, now_text, &r),
    }
}

pub fn rejected_item(reference_id: &str, now_text: &str, r: &Rejection) -> Value {
    json!({
        "reference_id": reference_id,
        "timestamp": now_text,
        "status": "rjct",
        "status_reason_code": r.code,
        "status_reason_message": r.message.chars().take(999).collect::<String>(),
    })
}

fn run_item(
    registry: &Registry,
    item: &Value,
    index: usize,
    today: NaiveDate,
) -> Result<(Vec<Value>, Value), Rejection> {
    let field = format!("search_request[{index}]");
    if !item.is_object() {
        return reject(
            "rjct.search_criteria.invalid",
            format!("{field} is not an object"),
        );
    }
    match item.get("reference_id") {
        Some(Value::String(_)) => {}
        _ => {
            return reject(
                "rjct.reference_id.invalid",
                format!("{field}.reference_id is missing or not text"),
            )
        }
    }
    match item.get("timestamp") {
        Some(Value::String(t)) if chrono::DateTime::parse_from_rfc3339(t).is_ok() => {}
        Some(Value::String(t)) => {
            return reject(
                "rjct.timestamp.invalid",
                format!("{field}.timestamp \"{t}\" is not an ISO 8601 date-time with a time zone"),
            )
        }
        _ => {
            return reject(
                "rjct.timestamp.invalid",
                format!("{field}.timestamp is missing or not text"),
            )
        }
    }
    let Some(criteria) = item.get("search_criteria").filter(|c| c.is_object()) else {
        return reject(
            "rjct.search_criteria.invalid",
            format!("{field}.search_criteria is missing or not an object"),
        );
    };
    let field = format!("{field}.search_criteria");
    if let Some(event) = criteria.get("reg_event_type") {
        if !event.as_str().is_some_and(|e| REG_EVENT_TYPES.contains(&e)) {
            return reject(
                "rjct.search_criteria.invalid",
                format!(
                    "{field}.reg_event_type {event} is not one of {}",
                    REG_EVENT_TYPES.join(", ")
                ),
            );
        }
    }
    let entity = entity_of(criteria, &field)?;
    let filter = compile(
        criteria.get("query_type"),
        criteria.get("query"),
        entity,
        &field,
    )?;
    let sort = sort_keys(criteria.get("sort"), entity, &field)?;
    let (page_size, page_number) = pagination(criteria.get("pagination"), &field)?;

    let mut rows: Vec<(Vec<Option<Attr>>, Value)> = match entity {
        Entity::Person => registry
            .persons
            .iter()
            .filter(|p| person_matches(registry, p, &filter, today))
            .map(|p| {
                let keys = sort
                    .iter()
                    .map(|(a, _)| registry.person_attr(p, a, today))
                    .collect();
                (keys, registry.person_record(p))
            })
            .collect(),
        Entity::Household => registry
            .households
            .iter()
            .filter(|h| household_matches(registry, h, &filter))
            .map(|h| {
                let keys = sort
                    .iter()
                    .map(|(a, _)| registry.household_attr(h, a))
                    .collect();
                (keys, registry.household_record(h))
            })
            .collect(),
    };
    // Stable: ties keep the registry's own order (UIN / household id).
    rows.sort_by(|a, b| {
        for (i, (_, descending)) in sort.iter().enumerate() {
            let ord = attr_order(
                a.0.get(i).and_then(Option::as_ref),
                b.0.get(i).and_then(Option::as_ref),
            );
            let ord = if *descending { ord.reverse() } else { ord };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        Ordering::Equal
    });
    let total = rows.len() as u64;
    let start = page_size.saturating_mul(page_number - 1);
    let records: Vec<Value> = rows
        .into_iter()
        .skip(usize::try_from(start).unwrap_or(usize::MAX))
        .take(usize::try_from(page_size).unwrap_or(usize::MAX))
        .map(|(_, record)| record)
        .collect();
    Ok((
        records,
        json!({ "page_size": page_size, "page_number": page_number, "total_count": total }),
    ))
}

fn attr_order(a: Option<&Attr>, b: Option<&Attr>) -> Ordering {
    match (a, b) {
        (Some(Attr::Number(x)), Some(Attr::Number(y))) => x.cmp(y),
        (Some(Attr::Text(x)), Some(Attr::Text(y))) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// `(canonical attribute, descending)` pairs.
fn sort_keys(
    sort: Option<&Value>,
    entity: Entity,
    field: &str,
) -> Result<Vec<(String, bool)>, Rejection> {
    let items = match sort {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return reject("rjct.sort.invalid", format!("{field}.sort must be a list")),
    };
    let list = match entity {
        Entity::Person => PERSON_ATTRIBUTES,
        Entity::Household => HOUSEHOLD_ATTRIBUTES,
    };
    items
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let at = format!("{field}.sort[{i}]");
            let name = s
                .get("attribute_name")
                .and_then(Value::as_str)
                .unwrap_or("");
            let attribute = canonical_attribute(name);
            if !list.iter().any(|a| a.eq_ignore_ascii_case(&attribute)) {
                return reject(
                    "rjct.sort.invalid",
                    format!(
                        "{at}.attribute_name \"{name}\" cannot be sorted on: use one of {}",
                        list.join(", ")
                    ),
                );
            }
            let descending = match s.get("sort_order") {
                None | Some(Value::Null) => false,
                Some(Value::String(o)) if o == "asc" => false,
                Some(Value::String(o)) if o == "desc" => true,
                Some(other) => {
                    return reject(
                        "rjct.sort.invalid",
                        format!("{at}.sort_order {other} is not asc or desc"),
                    )
                }
            };
            Ok((attribute, descending))
        })
        .collect()
}

fn pagination(p: Option<&Value>, field: &str) -> Result<(u64, u64), Rejection> {
    let code = "rjct.pagination.invalid";
    let Some(p) = p.filter(|p| !p.is_null()) else {
        return Ok((DEFAULT_PAGE_SIZE, 1));
    };
    if !p.is_object() {
        return reject(code, format!("{field}.pagination must be an object"));
    }
    let whole = |name: &str| -> Result<Option<u64>, Rejection> {
        match p.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => match v.as_u64().or_else(|| {
                v.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                    .map(|f| f as u64)
            }) {
                Some(n) => Ok(Some(n)),
                None => reject(
                    code,
                    format!("{field}.pagination.{name} {v} is not a whole number"),
                ),
            },
        }
    };
    let page_size = match whole("page_size")? {
        None => return reject(code, format!("{field}.pagination.page_size is missing")),
        Some(n) if n == 0 || n > MAX_PAGE_SIZE => {
            return reject(
                code,
                format!("{field}.pagination.page_size {n} is out of range: 1 to {MAX_PAGE_SIZE}"),
            )
        }
        Some(n) => n,
    };
    let page_number = match whole("page_number")? {
        None => 1,
        Some(0) => {
            return reject(
                code,
                format!("{field}.pagination.page_number 0 is invalid: pages count from 1"),
            )
        }
        Some(n) => n,
    };
    Ok((page_size, page_number))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default()
    }

    fn search(criteria: Value) -> Value {
        let item = json!({"reference_id": "r1", "timestamp": "2025-06-01T10:00:00Z", "search_criteria": criteria});
        answer_item(
            &Registry::seeded(),
            &item,
            0,
            today(),
            "2025-06-01T10:00:00Z",
        )
    }

    #[test]
    fn identifier_query_finds_the_example_person() {
        let r = search(
            json!({"query_type": "idtype-value", "query": {"type": "UIN", "value": "847951632"}}),
        );
        assert_eq!(r["status"], "succ");
        assert_eq!(
            r["data"]["reg_records"][0]["name"]["given_name"],
            "Rameshwar"
        );
        assert_eq!(r["pagination"]["total_count"], 1);
    }

    #[test]
    fn predicates_sort_and_paginate() {
        let r = search(json!({"query_type": "expression", "query": [{"seq_num": 1,
            "expression1": {"attribute_name": "household_size", "operator": "eq", "attribute_value": 5}}],
            "sort": [{"attribute_name": "UIN", "sort_order": "desc"}],
            "pagination": {"page_size": 10, "page_number": 2}}));
        assert_eq!(r["status"], "succ", "{r}");
        assert_eq!(r["pagination"]["total_count"], 20);
        assert_eq!(r["data"]["reg_records"].as_array().map(Vec::len), Some(10));
    }

    #[test]
    fn mongo_expression_over_households() {
        let r = search(
            json!({"query_type": "expression", "response_entity": "Household",
            "query": {"type": "ns:org:QueryType:NoSql", "value": {"expression": {"collection": "Household",
            "query": {"$and": [{"poverty_score": {"$lt": 2.5}}, {"household_size": {"$gte": 3}}]}}}}}),
        );
        assert_eq!(r["status"], "succ", "{r}");
        let ids: Vec<&str> = r["data"]["reg_records"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| h["household_identifier"].as_str())
            .collect();
        assert_eq!(ids, ["HH-BR-GAY-0001", "HH-OD-KOR-0003", "HH-MP-JHB-0008"]);
    }

    #[test]
    fn bad_queries_are_rejected_with_reason_codes() {
        let r =
            search(json!({"query_type": "idtype-value", "query": {"type": "PAN", "value": "x"}}));
        assert_eq!(r["status_reason_code"], "rjct.search_criteria.invalid");
        let r = search(
            json!({"query_type": "idtype-value", "query": {"type": "UIN", "value": "1"},
            "pagination": {"page_size": 0}}),
        );
        assert_eq!(r["status_reason_code"], "rjct.pagination.invalid");
        let r = search(
            json!({"query_type": "idtype-value", "query": {"type": "UIN", "value": "1"},
            "sort": [{"attribute_name": "shoe_size"}]}),
        );
        assert_eq!(r["status_reason_code"], "rjct.sort.invalid");
    }
}
