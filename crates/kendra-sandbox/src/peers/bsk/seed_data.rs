//! The BSK sandbox's fixed tables: credentials, the 57 department codes of section 14.4, the
//! services built from them, DEOs and their kendras, tickets and applications with stage timelines.
//! Fixed tables (not random) so the docs and tests can name them.

/// AES-256-CBC key (32 ASCII bytes) and IV (16 ASCII bytes), used as raw bytes (section 15).
pub const AES_KEY: &str = "BSKSBX7Q2M4X9K1P6R3T8W5Z0N2JWB22";
pub const AES_IV: &str = "KDSBX4N8Q1W6E3R9";
/// v4 transport: the passcode in `{passcode, token}` and the HS256 secret of the token.
pub const PASSCODE: &str = "376423";
pub const JWT_SECRET: &str = "bsk-sandbox-hs256-secret-WB-2022";

pub use kendra_wire::bsk::service_codes::{DEPARTMENTS, SERVICE_NAMES};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// `AMD/003`: the API examples' form of section 14.4's department code + 3-digit sequence.
    pub code: String,
    pub dept_code: &'static str,
    pub name: &'static str,
}

/// Every service, department by department (at least one per department).
pub fn services() -> Vec<Service> {
    SERVICE_NAMES
        .iter()
        .flat_map(|(dept, names)| {
            names.iter().enumerate().map(move |(i, name)| Service {
                code: format!("{dept}/{:03}", i + 1),
                dept_code: dept,
                name,
            })
        })
        .collect()
}

/// `AMD/003`, `AMD003` and `amd-003` name the same service; answers use `AMD/003`.
pub fn find_service(code: &str) -> Option<Service> {
    let compact: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    services()
        .into_iter()
        .find(|s| s.code.replace('/', "") == compact)
}

pub fn department_name(code: &str) -> Option<&'static str> {
    DEPARTMENTS
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, name)| *name)
}

/// API-6's access code for a department ("provided by BSK-Tech Team"): 7 digits, fixed per code.
pub fn access_code(dept_code: &str) -> Option<u64> {
    let index = DEPARTMENTS
        .iter()
        .position(|(c, _)| c.eq_ignore_ascii_case(dept_code))?;
    // AMD keeps the spec's example value; the others are spread deterministically.
    Some(7_364_443 + (index as u64) * 104_729 % 2_635_556)
}

/// A Data Entry Operator and the kendra they work at.
#[derive(Debug, Clone, Copy)]
pub struct Deo {
    /// 10-digit mobile number: the DEO's userId.
    pub user_id: &'static str,
    pub name: &'static str,
    pub name_bn: &'static str,
    pub email: &'static str,
    pub bsk_code: &'static str,
    pub bsk_name: &'static str,
    pub gp: &'static str,
    pub block: &'static str,
    pub sub_division: &'static str,
    pub district: &'static str,
    /// 1 active, 2 inactive (section 11.6).
    pub status: u8,
}

pub const DEOS: [Deo; 6] = [
    Deo {
        user_id: "9054233544",
        name: "Charan Das",
        name_bn: "চরণ দাস",
        email: "charan.das@gmail.com",
        bsk_code: "B/L/384",
        bsk_name: "BDO Office Balagarh",
        gp: "Guptipara",
        block: "Balagarh",
        sub_division: "Chandannagar",
        district: "Hooghly",
        status: 1,
    },
    Deo {
        user_id: "9831045672",
        name: "Moumita Ghosh",
        name_bn: "মৌমিতা ঘোষ",
        email: "moumita.ghosh.bsk@gmail.com",
        bsk_code: "B/L/112",
        bsk_name: "BDO Office Sonarpur",
        gp: "Kamrabad",
        block: "Sonarpur",
        sub_division: "Baruipur",
        district: "South 24 Parganas",
        status: 1,
    },
    Deo {
        user_id: "9734518820",
        name: "Rafiqul Islam",
        name_bn: "রফিকুল ইসলাম",
        email: "rafiqul.islam.bsk@gmail.com",
        bsk_code: "B/L/227",
        bsk_name: "BDO Office Domkal",
        gp: "Raipur",
        block: "Domkal",
        sub_division: "Domkal",
        district: "Murshidabad",
        status: 1,
    },
    Deo {
        user_id: "8017623491",
        name: "Tanmoy Mahato",
        name_bn: "তন্ময় মাহাতো",
        email: "tanmoy.mahato.bsk@gmail.com",
        bsk_code: "B/L/451",
        bsk_name: "BDO Office Bolpur-Sriniketan",
        gp: "Ruppur",
        block: "Bolpur-Sriniketan",
        sub_division: "Bolpur",
        district: "Birbhum",
        status: 1,
    },
    Deo {
        user_id: "7908812345",
        name: "Priyanka Barman",
        name_bn: "প্রিয়াঙ্কা বর্মন",
        email: "priyanka.barman.bsk@gmail.com",
        bsk_code: "B/S/061",
        bsk_name: "SDO Office Tamluk",
        gp: "Padumpur",
        block: "Tamluk",
        sub_division: "Tamluk",
        district: "Purba Medinipur",
        status: 1,
    },
    Deo {
        user_id: "9433012876",
        name: "Sourav Chatterjee",
        name_bn: "সৌরভ চট্টোপাধ্যায়",
        email: "sourav.chatterjee.bsk@gmail.com",
        bsk_code: "B/L/318",
        bsk_name: "BDO Office Chakdaha",
        gp: "Hingnara",
        block: "Chakdaha",
        sub_division: "Kalyani",
        district: "Nadia",
        status: 2,
    },
];

pub fn find_deo(user_id: &str) -> Option<&'static Deo> {
    DEOS.iter().find(|d| d.user_id == user_id)
}

/// How a department hands over a document (section 11.4's `documentType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentForm {
    /// 1: a link, served by the sandbox under `/bsk/department/documents/…`.
    Url,
    /// 2: base64 of a PDF.
    Base64Pdf,
    /// 3: base64 of a PNG image.
    Image,
}

impl DocumentForm {
    pub fn document_type(self) -> u8 {
        match self {
            DocumentForm::Url => 1,
            DocumentForm::Base64Pdf => 2,
            DocumentForm::Image => 3,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Document {
    /// The certificate number; API-4/5A also accept the application number.
    pub document_no: &'static str,
    /// File name under `/bsk/department/documents/`.
    pub file: &'static str,
    pub form: DocumentForm,
    /// The citizen must confirm with an OTP (API-5A/5B) before the document is released.
    pub otp_required: bool,
}

/// One API-2 submission as the department recorded it (what API-7 replays).
#[derive(Debug, Clone, Copy)]
pub struct Submission {
    /// `YYYYMMDDHHmmSS`, IST.
    pub app_sub_time: &'static str,
    pub dept_pay_ref_no: &'static str,
    pub trans_no: &'static str,
    pub bank_ref_no: &'static str,
    /// Rupees, exactly as the department wrote it.
    pub paid_amt: &'static str,
    /// 2 draft, 3 final.
    pub application_status: u8,
}

#[derive(Debug, Clone, Copy)]
pub struct Application {
    pub app_no: &'static str,
    pub user_id: &'static str,
    /// 17 digits: `YYYYMMDDHHmmSS` + milliseconds, as in section 15's sample.
    pub ticket_no: &'static str,
    pub service_code: &'static str,
    pub citizen_name: &'static str,
    pub citizen_name_bn: &'static str,
    pub citizen_mobile: &'static str,
    /// (responseTime `YYYYMMDDHHmmSS` IST, message), oldest first.
    pub stages: &'static [(&'static str, &'static str)],
    pub document: Option<Document>,
    pub submissions: &'static [Submission],
}

const fn sub(
    app_sub_time: &'static str,
    refs: (&'static str, &'static str, &'static str),
    paid_amt: &'static str,
    application_status: u8,
) -> Submission {
    Submission {
        app_sub_time,
        dept_pay_ref_no: refs.0,
        trans_no: refs.1,
        bank_ref_no: refs.2,
        paid_amt,
        application_status,
    }
}

const NO_PAYMENT: (&str, &str, &str) = ("", "", "");

pub const APPLICATIONS: [Application; 8] = [
    Application {
        app_no: "AP7373633/003",
        user_id: "9054233544",
        ticket_no: "20241104103512417",
        service_code: "AMD/003",
        citizen_name: "Sukumar Mondal",
        citizen_name_bn: "সুকুমার মণ্ডল",
        citizen_mobile: "9350778824",
        stages: &[
            ("20241104110220", "Successfully Submitted"),
            ("20241106140000", "Field Verification Successful"),
            ("20241107121500", "Document Verified"),
            ("20241108100000", "Certificate Issued"),
        ],
        document: Some(Document {
            document_no: "AMD/SC/2024/004417",
            file: "AMD-SC-2024-004417.pdf",
            form: DocumentForm::Url,
            otp_required: false,
        }),
        submissions: &[
            sub("20241104105812", NO_PAYMENT, "0.00", 2),
            sub(
                "20241104110220",
                ("23424423424", "1234353435", "4653443656"),
                "200.00",
                3,
            ),
        ],
    },
    Application {
        app_no: "BCW/SC/2024/118342",
        user_id: "9831045672",
        ticket_no: "20241112113045208",
        service_code: "BCW/001",
        citizen_name: "Rina Bagdi",
        citizen_name_bn: "রিনা বাগদি",
        citizen_mobile: "9647120385",
        stages: &[
            ("20241112114510", "Successfully Submitted"),
            ("20241119153000", "Enquiry by Inspector Completed"),
            ("20241126111500", "Approved by SDO Baruipur"),
            ("20241127100500", "Certificate Issued"),
        ],
        document: Some(Document {
            document_no: "WB/SC/BRP/2024/0118342",
            file: "WB-SC-BRP-2024-0118342.pdf",
            form: DocumentForm::Base64Pdf,
            otp_required: true,
        }),
        submissions: &[sub("20241112114510", NO_PAYMENT, "0.00", 3)],
    },
    Application {
        app_no: "HFW/BC/2024/556701",
        user_id: "9734518820",
        ticket_no: "20241118095533061",
        service_code: "HFW/002",
        citizen_name: "Ayesha Khatun",
        citizen_name_bn: "আয়েশা খাতুন",
        citizen_mobile: "8972046613",
        stages: &[
            ("20241118100240", "Successfully Submitted"),
            ("20241120143000", "Verified by Registrar of Births"),
            ("20241121110000", "Certificate Issued"),
        ],
        document: Some(Document {
            document_no: "B/2024/DMK/556701",
            file: "B-2024-DMK-556701.png",
            form: DocumentForm::Image,
            otp_required: true,
        }),
        submissions: &[sub("20241118100240", NO_PAYMENT, "0.00", 3)],
    },
    Application {
        app_no: "LND/MUT/2024/20931",
        user_id: "8017623491",
        ticket_no: "20241125121007733",
        service_code: "LND/001",
        citizen_name: "Sushanta Hazra",
        citizen_name_bn: "সুশান্ত হাজরা",
        citizen_mobile: "9775312048",
        stages: &[
            ("20241125123355", "Successfully Submitted"),
            ("20241129150000", "Hearing Scheduled by BL&LRO Bolpur"),
        ],
        document: None,
        submissions: &[
            sub("20241125122010", NO_PAYMENT, "0.00", 2),
            sub(
                "20241125123355",
                ("LRMUT2411250917", "1794858535", "SBIN424110553"),
                "1250.50",
                3,
            ),
        ],
    },
    Application {
        app_no: "WCD/LB/2024/771204",
        user_id: "9054233544",
        ticket_no: "20241202153322882",
        service_code: "WCD/001",
        citizen_name: "Sabita Mahato",
        citizen_name_bn: "সবিতা মাহাতো",
        citizen_mobile: "9163554027",
        stages: &[("20241202154108", "Draft Saved")],
        document: None,
        submissions: &[sub("20241202154108", NO_PAYMENT, "0.00", 2)],
    },
    Application {
        app_no: "FSD/DRC/2024/3318870",
        user_id: "7908812345",
        ticket_no: "20241204101522519",
        service_code: "FSD/001",
        citizen_name: "Gopal Chandra Jana",
        citizen_name_bn: "গোপালচন্দ্র জানা",
        citizen_mobile: "9434087716",
        stages: &[
            ("20241204103040", "Successfully Submitted"),
            ("20241206120000", "Field Inspection Done by Food Inspector"),
            ("20241209113000", "Approved by SCF&S Tamluk"),
            ("20241210094500", "e-Ration Card Generated"),
        ],
        document: Some(Document {
            document_no: "RKSY-I/2024/3318870",
            file: "RKSY-I-2024-3318870.pdf",
            form: DocumentForm::Url,
            otp_required: true,
        }),
        submissions: &[sub("20241204103040", NO_PAYMENT, "0.00", 3)],
    },
    Application {
        app_no: "TRA/LL/2024/0098123",
        user_id: "9831045672",
        ticket_no: "20241205120140094",
        service_code: "TRA/001",
        citizen_name: "Debjani Sarkar",
        citizen_name_bn: "দেবযানী সরকার",
        citizen_mobile: "9088412263",
        stages: &[
            ("20241205121825", "Successfully Submitted"),
            ("20241205123010", "Fee Received"),
            ("20241209114500", "Online Test Passed"),
            ("20241209120000", "Learner's Licence Issued"),
        ],
        document: Some(Document {
            document_no: "WB19/LL/2024/0098123",
            file: "WB19-LL-2024-0098123.pdf",
            form: DocumentForm::Url,
            otp_required: false,
        }),
        submissions: &[sub(
            "20241205121825",
            ("TRLL2412050031", "1948585351", "46535687"),
            "450.00",
            3,
        )],
    },
    Application {
        app_no: "POD/NSC/2024/45510",
        user_id: "8017623491",
        ticket_no: "20241211104415346",
        service_code: "POD/001",
        citizen_name: "Mithun Let",
        citizen_name_bn: "মিঠুন লেট",
        citizen_mobile: "7384150962",
        stages: &[
            ("20241211105530", "Successfully Submitted"),
            ("20241213130000", "Site Inspection Scheduled"),
        ],
        document: None,
        submissions: &[sub(
            "20241211105530",
            ("WBSEDCL2412110788", "2500435112", "SBIN424121109"),
            "2500.00",
            3,
        )],
    },
];

/// Tickets initiated at a kendra and still waiting for the department's API-2 push:
/// (userId, ticketNo, serviceCode, citizen name, citizen name in Bengali, citizen mobile).
pub const OPEN_TICKETS: [(&str, &str, &str, &str, &str, &str); 3] = [
    (
        "9054233544",
        "20241210113005128",
        "AMD/001",
        "Nirmal Pal",
        "নির্মল পাল",
        "9051276634",
    ),
    (
        "9734518820",
        "20241211094512306",
        "HFW/003",
        "Jahanara Bibi",
        "জাহানারা বিবি",
        "7029318854",
    ),
    (
        "7908812345",
        "20241212160233771",
        "WCD/002",
        "Mampi Das",
        "মাম্পি দাস",
        "9832650419",
    ),
];

/// An application by its application number or its document's number.
pub fn find_application(number: &str) -> Option<&'static Application> {
    let number = number.trim();
    APPLICATIONS.iter().find(|a| {
        a.app_no.eq_ignore_ascii_case(number)
            || a.document
                .is_some_and(|d| d.document_no.eq_ignore_ascii_case(number))
    })
}

pub fn application_by_file(file: &str) -> Option<&'static Application> {
    APPLICATIONS
        .iter()
        .find(|a| a.document.is_some_and(|d| d.file == file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_department_code_has_a_service() {
        let services = services();
        for (code, _) in DEPARTMENTS {
            assert!(
                services.iter().any(|s| s.dept_code == code),
                "{code} has no service"
            );
        }
        assert_eq!(DEPARTMENTS.len(), 57);
        for (i, (code, _)) in SERVICE_NAMES.iter().enumerate() {
            assert_eq!(*code, DEPARTMENTS[i].0);
        }
        assert_eq!(find_service("AMD003").unwrap().name, "Seed Certificate");
        assert_eq!(find_service("amd/003").unwrap().code, "AMD/003");
        assert!(find_service("XYZ/001").is_none());
    }

    #[test]
    fn seeded_rows_are_consistent() {
        assert_eq!(access_code("AMD"), Some(7_364_443));
        let codes: std::collections::BTreeSet<u64> = DEPARTMENTS
            .iter()
            .filter_map(|(c, _)| access_code(c))
            .collect();
        assert_eq!(codes.len(), 57);
        assert!(codes.iter().all(|c| (1_000_000..10_000_000).contains(c)));
        for a in APPLICATIONS {
            assert!(find_deo(a.user_id).is_some(), "{}", a.app_no);
            assert!(find_service(a.service_code).is_some(), "{}", a.service_code);
            assert_eq!(a.ticket_no.len(), 17);
            assert!(a.stages.iter().all(|(t, _)| t.len() == 14));
        }
        for d in DEOS {
            assert_eq!(d.user_id.len(), 10);
        }
        assert_eq!(
            find_application("WB/SC/BRP/2024/0118342").unwrap().app_no,
            "BCW/SC/2024/118342"
        );
    }
}
