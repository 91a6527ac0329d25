//! The APIs the Explorer can call, per peer: the spec's example request (what the editor is
//! prefilled with) and its field list (shown beside the editor). The field lists are the specs'
//! own tables (the peers' specs beside this clone, `../shared/specs/`, and `docs/sandbox.md`), in the specs' words.

use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use crate::PeerId;

/// One field of a request, as the spec's table lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApiField {
    pub name: String,
    pub required: bool,
    /// The spec's description (format, length, example), in the spec's own words.
    pub description: String,
}

/// One API the Explorer can send to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExplorerApi {
    /// Stable id: `<peer>.<name>` (`isp.getRequestValidatedAndRequestID`, `bsk.API-3`).
    pub id: String,
    pub peer: PeerId,
    /// The peer's own name for the call.
    pub name: String,
    pub method: String,
    /// The path the profile's base URL is joined with.
    pub path: String,
    /// How the request is secured on the way (`{dept_id, e_data}` AES-256-CBC, v4 JWT, …).
    pub security: String,
    /// The spec's example request, pretty-printed JSON.
    pub example: String,
    pub fields: Vec<ApiField>,
}

fn field(name: &str, required: bool, description: &str) -> ApiField {
    ApiField {
        name: name.to_owned(),
        required,
        description: description.to_owned(),
    }
}

fn api(
    peer: PeerId,
    name: &str,
    path: &str,
    security: &str,
    example: &serde_json::Value,
    fields: Vec<ApiField>,
) -> ExplorerApi {
    let prefix = match peer {
        PeerId::Bsk => "bsk",
        PeerId::Isp => "isp",
        PeerId::HeaderSecrets => "header-secrets",
        PeerId::Dci => "dci",
        PeerId::Csp => "csp",
    };
    ExplorerApi {
        id: format!("{prefix}.{name}"),
        peer,
        name: name.to_owned(),
        method: "POST".to_owned(),
        path: path.to_owned(),
        security: security.to_owned(),
        example: serde_json::to_string_pretty(example).unwrap_or_default(),
        fields,
    }
}

const ISP_SECURITY: &str =
    "{dept_id, e_data}: AES-256-CBC with the PBKDF2-derived key, Authorization: Bearer <token>";
const BSK_SECURITY: &str =
    "the profile's transport: v4 {passcode, token: HS256 JWT of the request} or v5 agId=BSK&encData=<AES-256-CBC>";
const DCI_SECURITY: &str =
    "{signature, header, message}: ed25519 signature over header and message, Authorization: Bearer <token>";

fn isp_status_fields() -> Vec<ApiField> {
    vec![
        field("request_id", true, "14 digit string"),
        field("service_code", true, "alphanumeric string of length 5"),
        field("applicant_id", true, "alphanumeric string of length 10"),
        field(
            "application_id",
            true,
            "to be provided by the department, max length 20",
        ),
        field(
            "status_code",
            true,
            "4 digit code of Annexure A (S101–S120)",
        ),
        field(
            "remarks",
            true,
            "max length 2000 (if not available leave blank)",
        ),
        field(
            "pendency_level",
            true,
            "level at which the application is pending",
        ),
        field(
            "pending_with_officer",
            true,
            "name/designation of the officer (NA if none)",
        ),
        field("action_taken_time", true, "timestamp yyyy-mm-ddhh:mm:ss"),
        field("d1 … d20", false, "not required (blank)"),
    ]
}

/// Every API the Explorer offers.
pub fn catalog() -> Vec<ExplorerApi> {
    let isp = |name: &str, example: serde_json::Value, fields: Vec<ApiField>| {
        let path = if name == kendra_client::isp_client::AUTHENTICATE {
            kendra_client::isp_client::AUTHENTICATE_PATH.to_owned()
        } else {
            format!("{}{name}", kendra_client::isp_client::SERVICES_PATH)
        };
        api(PeerId::Isp, name, &path, ISP_SECURITY, &example, fields)
    };
    let paths = kendra_client::BskApiPaths::default();
    let bsk = |name: &str, path: &str, example: serde_json::Value, fields: Vec<ApiField>| {
        api(PeerId::Bsk, name, path, BSK_SECURITY, &example, fields)
    };
    vec![
        api(
            PeerId::Isp,
            kendra_client::isp_client::AUTHENTICATE,
            kendra_client::isp_client::AUTHENTICATE_PATH,
            "plain JSON {username, password}: both come from the profile (the password from the keyring)",
            &json!({}),
            vec![
                field("username", true, "the department's dept_id (from the profile)"),
                field("password", true, "the department's password (from the keyring)"),
            ],
        ),
        isp(
            kendra_client::isp_client::REQUEST_VALIDATION,
            json!({ "sessionkey": "paste the session key the portal gave" }),
            vec![field("sessionkey", true, "the session key the portal redirected with (valid 15 minutes, once)")],
        ),
        isp(
            kendra_client::isp_client::COMMON_DETAILS,
            json!({ "request_id": "20240501000001" }),
            vec![field("request_id", true, "14 digit string, from getRequestValidatedAndRequestID")],
        ),
        isp(
            kendra_client::isp_client::ACKNOWLEDGEMENT,
            json!({
                "request_id": "20240501000001", "applicant_id": "UPA7K3M9Q2", "service_code": "10101",
                "application_id": "REV/2024/000123", "application_url": "", "status_code": "S104",
                "remarks": "", "pendency_level": "1", "pending_with_officer": "NA",
                "action_taken_time": "2024-05-0110:15:00",
                "selected_district_for_processing_application": "162", "designated_code": "D101",
                "designated_location_code": "1623", "designated_target_date": "2024-05-15",
                "first_appellate_code": "D201", "first_appellate_location_code": "162",
                "first_appellate_days": "25", "second_appellate_code": "D301",
                "second_appellate_location_code": "162", "second_appellate_days": "25", "d1": "NA"
            }),
            vec![
                field("request_id", true, "14 digit string"),
                field("applicant_id", true, "alphanumeric string of length 10"),
                field("service_code", true, "alphanumeric string of length 5"),
                field("application_id", true, "to be provided by the department, max length 20"),
                field("application_url", true, "URL of the application (if not available leave blank)"),
                field("status_code", true, "S104 (application submitted)"),
                field("remarks", true, "max length 2000 (if not available leave blank)"),
                field("pendency_level", true, "level at which the application is pending"),
                field("pending_with_officer", true, "officer's name/designation (NA if none)"),
                field("action_taken_time", true, "timestamp yyyy-mm-ddhh:mm:ss"),
                field("selected_district_for_processing_application", true, "district code"),
                field("designated_code", true, "designated officer's code"),
                field("designated_location_code", true, "designated officer's location code"),
                field("designated_target_date", true, "yyyy-mm-dd"),
                field("first_appellate_code", true, "first appellate officer's code"),
                field("first_appellate_location_code", true, "first appellate location code"),
                field("first_appellate_days", true, "digits"),
                field("second_appellate_code", true, "second appellate officer's code"),
                field("second_appellate_location_code", true, "second appellate location code"),
                field("second_appellate_days", true, "digits"),
                field("d1 … d20", false, "not required (blank)"),
            ],
        ),
        isp(
            kendra_client::isp_client::SERVICE_STATUS,
            json!({
                "request_id": "20240501000001", "service_code": "10101", "applicant_id": "UPA7K3M9Q2",
                "application_id": "REV/2024/000123", "status_code": "S102", "remarks": "",
                "pendency_level": "1", "pending_with_officer": "Rajesh Verma, Tehsildar",
                "action_taken_time": "2024-05-02 11:20:00"
            }),
            isp_status_fields(),
        ),
        isp(
            kendra_client::isp_client::DELIVERED_STATUS,
            json!({
                "request_id": "20240501000001", "applicant_id": "UPA7K3M9Q2", "service_code": "10101",
                "application_id": "REV/2024/000123", "certificate_url": "", "certificate_no": "",
                "status_code": "S112", "action_taken_time": "2024-05-10 16:00:00", "remarks": "",
                "certificate_expiry_date": "999999"
            }),
            vec![
                field("request_id", true, "14 digit string"),
                field("applicant_id", true, "alphanumeric string of length 10"),
                field("service_code", true, "alphanumeric string of length 5"),
                field("application_id", true, "to be provided by the department, max length 20"),
                field("certificate_url", true, "URL to download the certificate (if not available leave blank)"),
                field("certificate_no", true, "certificate number (if not available leave blank)"),
                field("status_code", true, "S112 (delivered)"),
                field("action_taken_time", true, "timestamp yyyy-mm-ddhh:mm:ss"),
                field("dbt_amount", false, "DBT amount in digits, required for a DBT service"),
                field("remarks", true, "max length 2000 (if not available leave blank)"),
                field("certificate_expiry_date", true, "yyyy-mm-dd, or 999999 for life-time"),
                field("d1 … d20", false, "not required (blank)"),
            ],
        ),
        bsk(
            kendra_client::bsk_counter_client::API1,
            &paths.api1,
            json!({
                "userid": 9054233544_u64, "ticketNo": 20241210113005128_u64, "serviceCode": "AMD/003",
                "name": "Sukumar Mondal", "mobile": "9350778824", "gender": "male", "age": 46
            }),
            vec![
                field("userid", true, "the DEO's 10-digit mobile number"),
                field("ticketNo", true, "14 digits YYYYMMDDHHmmSS or 17 with milliseconds"),
                field("serviceCode", true, "department code + 3-digit sequence (AMD/003)"),
                field("name", true, "citizen's name"),
                field("mobile", true, "citizen's 10-digit mobile number"),
                field("email", false, "citizen's e-mail"),
                field("gender", false, "male / female / transgender / other"),
                field("age", false, "1–120"),
            ],
        ),
        bsk(
            kendra_client::bsk_counter_client::API3,
            &paths.api3,
            json!({
                "userid": 9054233544_u64, "ticketNo": 20241210113005128_u64,
                "serviceCode": "AMD/003", "applicationNo": "AP7373633/003"
            }),
            vec![
                field("userid", true, "the DEO's 10-digit mobile number"),
                field("ticketNo", true, "the ticket number"),
                field("serviceCode", true, "the service's code"),
                field("applicationNo", true, "the department's application number"),
            ],
        ),
        bsk(
            kendra_client::bsk_counter_client::API4,
            &paths.api4,
            json!({
                "userid": 9054233544_u64, "ticketNo": 20241210113005128_u64,
                "serviceCode": "AMD/003", "documentNo": "AMD/SC/2024/004417"
            }),
            vec![
                field("userid", true, "the DEO's 10-digit mobile number"),
                field("ticketNo", true, "the ticket number"),
                field("serviceCode", true, "the service's code"),
                field("documentNo", true, "the certificate number (or the application number)"),
            ],
        ),
        bsk(
            kendra_client::bsk_counter_client::API5A,
            &paths.api5a,
            json!({ "otpId": 393747483_u64, "documentNo": "WB/SC/BRP/2024/0118342" }),
            vec![
                field("otpId", true, "the OTP request's id (digits)"),
                field("documentNo", true, "the document the OTP releases"),
            ],
        ),
        bsk(
            kendra_client::bsk_counter_client::API5B,
            &paths.api5b,
            json!({ "otpId": 393747483_u64, "userTypedOtp": "123456" }),
            vec![
                field("otpId", true, "the id API-5A answered"),
                field("userTypedOtp", true, "the OTP the citizen read out (never recorded)"),
            ],
        ),
        bsk(
            kendra_client::bsk_counter_client::API6,
            &paths.api6,
            json!({ "userId": 9054233544_u64, "deptCode": "AMD", "accessCode": 7364443 }),
            vec![
                field("userId", true, "the DEO's 10-digit mobile number"),
                field("deptCode", true, "one of the 57 department codes"),
                field("accessCode", true, "the department's access code (never recorded)"),
            ],
        ),
        bsk(
            kendra_client::bsk_client::API2,
            "/bsk/portal/api-2/submission",
            json!({
                "userid": 9054233544_u64, "ticketNo": 20241210113005128_u64, "serviceCode": "AMD/001",
                "appNo": "AMD/TL/2024/5521", "appSubTime": 20241210120000_u64,
                "deptPayRefNo": "", "transNo": "", "bankRefNo": "", "paidAmt": "0",
                "message": "Draft Submitted", "applicationStatus": 2
            }),
            vec![
                field("userid", true, "the DEO's 10-digit mobile number"),
                field("ticketNo", true, "the ticket BSK issued"),
                field("serviceCode", true, "the ticket's service"),
                field("appNo", true, "the department's application number (up to 50)"),
                field("appSubTime", true, "YYYYMMDDHHmmSS in IST"),
                field("paidAmt", false, "rupees, at most two decimals (absent = 0)"),
                field("deptPayRefNo", false, "required when paidAmt > 0"),
                field("transNo", false, "required when paidAmt > 0"),
                field("bankRefNo", false, "required when paidAmt > 0"),
                field("message", true, "Draft Submitted (2) or Final Submitted (3)"),
                field("applicationStatus", true, "2 draft, 3 final"),
            ],
        ),
        api(
            PeerId::Dci,
            kendra_client::dci_client::DciCall::SyncSearch.endpoint(),
            kendra_client::dci_client::DciCall::SyncSearch.path(),
            DCI_SECURITY,
            &json!({
                "transaction_id": "txn-explorer-0001",
                "search_request": [{
                    "reference_id": "ref-explorer-0001",
                    "timestamp": "2024-12-12T10:00:00.000Z",
                    "search_criteria": {
                        "version": "1.0.0",
                        "reg_type": "SocialRegistry",
                        "query_type": "idtype-value",
                        "query": { "type": "UIN", "value": "847951640" }
                    }
                }]
            }),
            vec![
                field("transaction_id", true, "the sender's id for this transaction"),
                field("search_request[].reference_id", true, "the sender's id for this search"),
                field("search_request[].timestamp", true, "ISO 8601 time"),
                field("search_request[].search_criteria.query_type", true, "idtype-value, expression or predicate"),
                field("search_request[].search_criteria.query", true, "the query in that type"),
                field("search_request[].search_criteria.pagination", false, "{page_size, page_number}"),
                field("(header)", true, "built and signed by Kendra from the profile"),
            ],
        ),
        api(
            PeerId::Dci,
            kendra_client::dci_client::DciCall::SyncTxnStatus.endpoint(),
            kendra_client::dci_client::DciCall::SyncTxnStatus.path(),
            DCI_SECURITY,
            &json!({
                "transaction_id": "txn-explorer-0002",
                "txnstatus_request": {
                    "reference_id": "ref-explorer-0002",
                    "txn_type": "search",
                    "attribute_type": "transaction_id",
                    "attribute_value": "txn-explorer-0001"
                }
            }),
            vec![
                field("transaction_id", true, "the sender's id for this transaction"),
                field("txnstatus_request.txn_type", true, "search or subscibe (the yaml's spelling)"),
                field("txnstatus_request.attribute_type", true, "transaction_id, correlation_id or reference_id_list"),
                field("txnstatus_request.attribute_value", true, "the id asked about"),
            ],
        ),
    ]
}

/// The API with id `id`.
pub fn find(id: &str) -> Option<ExplorerApi> {
    catalog().into_iter().find(|a| a.id == id)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_example_is_json_and_ids_are_unique() {
        let apis = catalog();
        let mut ids: Vec<_> = apis.iter().map(|a| a.id.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), apis.len());
        for a in &apis {
            serde_json::from_str::<serde_json::Value>(&a.example).unwrap();
            assert!(!a.fields.is_empty(), "{}", a.id);
        }
        // 17-digit tickets keep every digit in the example text.
        assert!(find("bsk.API-3")
            .unwrap()
            .example
            .contains("20241210113005128"));
    }
}
