//! What a tester asks the registry for, checked before anything is sent, and its `search_criteria`
//! (or a subscription's `filter_type` + `filter`) in the yaml's shapes.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::{Error, Result};

/// The yaml's `pagination.page_size` maximum.
pub const MAX_PAGE_SIZE: u32 = 100;

/// One of the yaml's three query kinds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SearchQuery {
    /// `idtype-value`: `{"type": "UIN", "value": "847951632"}`.
    Identifier { id_type: String, value: String },
    /// `expression`: the yaml's NoSql-style object
    /// `{"type": …, "value": {"expression": {"collection": …, "query": {"$and": […]}}}}`.
    Expression { query: Value },
    /// `predicate`: `attribute operator value` items, all of which must hold.
    Predicates { predicates: Vec<Predicate> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Predicate {
    pub attribute_name: String,
    /// `eq lt gt le ge in`.
    pub operator: String,
    pub attribute_value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    Asc,
    Desc,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SortKey {
    pub attribute_name: String,
    pub sort_order: SortOrder,
}

/// A search: the query, its order and the page wanted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchSpec {
    pub query: SearchQuery,
    #[serde(default)]
    pub sort: Vec<SortKey>,
    /// From 1 (the registry's default when absent).
    #[serde(default)]
    pub page_number: Option<u32>,
    /// 1–100 (the registry's default, 10, when absent).
    #[serde(default)]
    pub page_size: Option<u32>,
    /// `Member` (persons, the default), `Household` or `Family`.
    #[serde(default)]
    pub response_entity: Option<String>,
}

impl SearchSpec {
    pub fn new(query: SearchQuery) -> Self {
        Self {
            query,
            sort: Vec::new(),
            page_number: None,
            page_size: None,
            response_entity: None,
        }
    }
}

const OPERATORS: &[&str] = &["eq", "lt", "gt", "le", "ge", "in"];
const ENTITIES: &[&str] = &["Member", "Household", "Family"];

/// `TYPE:VALUE`, e.g. `UIN:847951632`.
pub fn parse_identifier(text: &str) -> Result<SearchQuery> {
    match text.split_once(':') {
        Some((id_type, value)) if !id_type.trim().is_empty() && !value.trim().is_empty() => {
            Ok(SearchQuery::Identifier {
                id_type: id_type.trim().to_owned(),
                value: value.trim().to_owned(),
            })
        }
        _ => Err(Error::input(
            "--id",
            format!("\"{text}\" is not TYPE:VALUE (for example UIN:847951632 or RATION_CARD:BR-10230045871)"),
        )),
    }
}

/// `ATTRIBUTE OPERATOR VALUE`, e.g. `poverty_score lt 2.5`, `district eq Gaya`,
/// `UIN in ["847951632","847952018"]`. The value is text unless it is a JSON list.
pub fn parse_predicate(text: &str) -> Result<Predicate> {
    let mut parts = text.trim().splitn(3, char::is_whitespace);
    let (attribute, operator, value) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or("").trim(),
    );
    if attribute.is_empty() || value.is_empty() {
        return Err(Error::input(
            "--predicate",
            format!(
                "\"{text}\" is not ATTRIBUTE OPERATOR VALUE (for example \"poverty_score lt 2.5\")"
            ),
        ));
    }
    if !OPERATORS.contains(&operator) {
        return Err(Error::input(
            "--predicate",
            format!(
                "in \"{text}\", \"{operator}\" is not an operator: use one of {}",
                OPERATORS.join(", ")
            ),
        ));
    }
    let attribute_value = if value.starts_with('[') {
        serde_json::from_str::<Value>(value)
            .ok()
            .filter(Value::is_array)
            .ok_or_else(|| {
                Error::input(
                    "--predicate",
                    format!("in \"{text}\", {value} is not a JSON list"),
                )
            })?
    } else {
        Value::String(value.to_owned())
    };
    if operator == "in" && !attribute_value.is_array() {
        return Err(Error::input(
            "--predicate",
            format!("in \"{text}\", the in operator needs a JSON list such as [\"a\",\"b\"]"),
        ));
    }
    Ok(Predicate {
        attribute_name: attribute.to_owned(),
        operator: operator.to_owned(),
        attribute_value,
    })
}

/// The yaml's NoSql-style expression: the whole `{"type", "value": {"expression": …}}` object, or
/// just its `{"collection", "query"}` part (wrapped for you).
pub fn parse_expression(text: &str) -> Result<SearchQuery> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Error::input("--expression", format!("it is not JSON: {e}")))?;
    let query = if value.pointer("/value/expression").is_some() {
        value
    } else if value.get("query").is_some() {
        json!({"type": "ns:org:QueryType:NoSql", "value": {"expression": value}})
    } else {
        return Err(Error::input(
            "--expression",
            "give {\"collection\": \"Person\", \"query\": {\"$and\": [{\"poverty_score\": {\"$lt\": 5}}]}} or the yaml's whole {\"type\", \"value\": {\"expression\": …}} object",
        ));
    };
    Ok(SearchQuery::Expression { query })
}

/// `FIELD` or `FIELD:asc` / `FIELD:desc`.
pub fn parse_sort(text: &str) -> Result<SortKey> {
    let (attribute, order) = match text.rsplit_once(':') {
        Some((a, "asc")) => (a, SortOrder::Asc),
        Some((a, "desc")) => (a, SortOrder::Desc),
        Some((_, other)) => {
            return Err(Error::input(
                "--sort",
                format!("in \"{text}\", \"{other}\" is not asc or desc"),
            ))
        }
        None => (text, SortOrder::Asc),
    };
    if attribute.trim().is_empty() {
        return Err(Error::input(
            "--sort",
            "give an attribute, for example age:desc",
        ));
    }
    Ok(SortKey {
        attribute_name: attribute.trim().to_owned(),
        sort_order: order,
    })
}

impl SearchQuery {
    /// `(query_type, query)` as the yaml writes them.
    pub fn wire(&self) -> (&'static str, Value) {
        match self {
            SearchQuery::Identifier { id_type, value } => {
                ("idtype-value", json!({"type": id_type, "value": value}))
            }
            SearchQuery::Expression { query } => ("expression", query.clone()),
            SearchQuery::Predicates { predicates } => (
                "predicate",
                Value::Array(
                    predicates
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            json!({
                                "seq_num": i + 1,
                                "expression1": {
                                    "attribute_name": p.attribute_name,
                                    "operator": p.operator,
                                    "attribute_value": p.attribute_value,
                                },
                            })
                        })
                        .collect(),
                ),
            ),
        }
    }

    fn check(&self) -> Result<()> {
        if let SearchQuery::Predicates { predicates } = self {
            if predicates.is_empty() {
                return Err(Error::input(
                    "--predicate",
                    "give at least one ATTRIBUTE OPERATOR VALUE",
                ));
            }
        }
        Ok(())
    }
}

/// Checks what the registry would refuse anyway, so the tester hears it before sending.
pub fn check_spec(spec: &SearchSpec) -> Result<()> {
    spec.query.check()?;
    if let Some(size) = spec.page_size {
        if size == 0 || size > MAX_PAGE_SIZE {
            return Err(Error::input(
                "--page-size",
                format!("{size} is not between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
    }
    if spec.page_number == Some(0) {
        return Err(Error::input("--page", "pages are numbered from 1"));
    }
    check_entity(spec.response_entity.as_deref())
}

pub(crate) fn check_entity(entity: Option<&str>) -> Result<()> {
    match entity {
        Some(e) if !ENTITIES.contains(&e) => Err(Error::input(
            "--entity",
            format!("\"{e}\" is not one of {}", ENTITIES.join(", ")),
        )),
        _ => Ok(()),
    }
}

/// The `search_criteria` object.
pub fn search_criteria(spec: &SearchSpec) -> Value {
    let (query_type, query) = spec.query.wire();
    let mut criteria = json!({
        "version": "1.0.0",
        "query_type": query_type,
        "query": query,
    });
    if !spec.sort.is_empty() {
        criteria["sort"] = json!(spec.sort);
    }
    if spec.page_number.is_some() || spec.page_size.is_some() {
        criteria["pagination"] = json!({
            "page_size": spec.page_size.unwrap_or(10),
            "page_number": spec.page_number.unwrap_or(1),
        });
    }
    if let Some(entity) = &spec.response_entity {
        criteria["response_entity"] = json!(entity);
    }
    criteria
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_input_is_parsed_or_named_plainly() {
        assert_eq!(
            parse_identifier("UIN:847951632").unwrap(),
            SearchQuery::Identifier {
                id_type: "UIN".into(),
                value: "847951632".into()
            }
        );
        assert!(parse_identifier("847951632")
            .unwrap_err()
            .to_string()
            .starts_with("--id: "));
        let p = parse_predicate("UIN in [\"1\",\"2\"]").unwrap();
        assert_eq!(p.attribute_value, json!(["1", "2"]));
        let p = parse_predicate("district eq West Champaran").unwrap();
        assert_eq!(p.attribute_value, json!("West Champaran"));
        assert!(parse_predicate("age like 5").is_err());
        assert!(parse_predicate("age in 5").is_err());
        assert_eq!(parse_sort("age:desc").unwrap().sort_order, SortOrder::Desc);
        assert_eq!(parse_sort("UIN").unwrap().sort_order, SortOrder::Asc);
        assert!(parse_sort("age:up").is_err());
        let e = parse_expression(r#"{"collection":"Household","query":{"$and":[]}}"#).unwrap();
        let (kind, query) = e.wire();
        assert_eq!(kind, "expression");
        assert_eq!(query["value"]["expression"]["collection"], "Household");
        assert!(parse_expression("{}").is_err());
        let mut spec = SearchSpec::new(parse_identifier("UIN:1").unwrap());
        spec.page_size = Some(101);
        assert!(check_spec(&spec).is_err());
    }
}
