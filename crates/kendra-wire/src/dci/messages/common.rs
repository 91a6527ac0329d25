//! Pieces shared by several DCI payloads: statuses, pagination, search/filter queries.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use crate::dci::loose_value::{present, required_value, Loose};

/// Request status (`UnSubscribeResponse.status`, reused everywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    /// Received.
    #[serde(rename = "rcvd")]
    Received,
    /// Pending.
    #[serde(rename = "pdng")]
    Pending,
    /// Success.
    #[serde(rename = "succ")]
    Success,
    /// Rejected.
    #[serde(rename = "rjct")]
    Rejected,
}

/// `reg_event_type` of search and subscribe criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RegEventType {
    #[serde(rename = "REGISTER")]
    Register,
    #[serde(rename = "PAYMENT")]
    Payment,
    #[serde(rename = "DEREGISTER")]
    Deregister,
    #[serde(rename = "NewHouseHoldMember")]
    NewHouseHoldMember,
}

/// `query_type` / `filter_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QueryType {
    #[serde(rename = "idtype-value")]
    IdTypeValue,
    #[serde(rename = "expression")]
    Expression,
    #[serde(rename = "predicate")]
    Predicate,
}

/// `response_entity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResponseEntity {
    Household,
    Family,
    Member,
}

/// Pagination, counting from 1. Requests require `page_size`; responses also `page_number` and
/// `total_count` (the official responses send `total_count` as `""`, kept as [`Loose::Other`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pagination {
    pub page_size: Loose<u64>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub page_number: Option<Loose<u64>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_count: Option<Loose<u64>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    Asc,
    Desc,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SortSpec {
    pub attribute_name: Loose<String>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub sort_order: Option<Loose<SortOrder>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `query` of a search / `filter` of a subscription: one of the yaml's three shapes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SearchQuery {
    /// A list of predicates (`query_type: expression` in the official examples).
    Predicates(Vec<QueryPredicate>),
    /// `{"type": …, "value": …}`: an identifier type and value, or a query language and expression.
    Typed(TypedQuery),
    /// Anything else, verbatim.
    Other(Value),
}

/// `{"type": "UIN", "value": "12314567890"}` or `{"type": "ns:org:QueryType:NoSql", "value": {…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypedQuery {
    #[serde(rename = "type")]
    pub query_type: Loose<String>,
    #[serde(deserialize_with = "required_value")]
    pub value: Value,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One predicate: `expression1` [`condition` `expression2`]. Further expressions some peers send
/// (`expression3` in the official examples) stay in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryPredicate {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub seq_num: Option<Loose<Number>>,
    pub expression1: Loose<QueryExpression>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub condition: Option<Loose<Condition>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub expression2: Option<Loose<QueryExpression>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryExpression {
    pub attribute_name: Loose<String>,
    pub operator: Loose<Operator>,
    /// String, number, boolean or object, as the peer sent it.
    #[serde(deserialize_with = "required_value")]
    pub attribute_value: Value,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Operator {
    Gt,
    Lt,
    Eq,
    Ge,
    Le,
    In,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Condition {
    And,
    Or,
    Not,
}
