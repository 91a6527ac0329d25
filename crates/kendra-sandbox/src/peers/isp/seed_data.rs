//! The simulated portal's fixed data: the department's credentials, its registered services, the
//! citizens who click "apply", and the code tables their addresses are written in. Fixed tables, so
//! docs and tests can rely on them.

use serde_json::{json, Map, Value};

pub const DEPT_ID: &str = "UPREV0417";
pub const PASSWORD: &str = "Rev@Lko#2024";
/// The shared secret the PBKDF2 key is derived from (canonical variant).
pub const SECRET_KEY: &str = "UPISP-REV0417-9c2e41b8d6057f3a";
/// Signs the portal's JWTs; shown in `info` so `kendra jwt verify` works against them.
pub const JWT_SECRET: &str = "isp-sandbox-jwt-signing-secret-REV0417";
/// Used when `/_sandbox/isp/apply` names no service.
pub const DEFAULT_SERVICE_CODE: &str = "10101";

pub struct Service {
    pub code: &'static str,
    pub name_eng: &'static str,
    pub name_hindi: &'static str,
    /// Direct-benefit-transfer services report a `dbt_amount` on delivery.
    pub dbt: bool,
}

/// `sc109` is the manual's own example: service codes are not all digits.
pub const SERVICES: &[Service] = &[
    Service {
        code: "10101",
        name_eng: "Income Certificate",
        name_hindi: "आय प्रमाण पत्र",
        dbt: false,
    },
    Service {
        code: "10102",
        name_eng: "Caste Certificate",
        name_hindi: "जाति प्रमाण पत्र",
        dbt: false,
    },
    Service {
        code: "10103",
        name_eng: "Domicile Certificate",
        name_hindi: "निवास प्रमाण पत्र",
        dbt: false,
    },
    Service {
        code: "20417",
        name_eng: "Old Age Pension",
        name_hindi: "वृद्धावस्था पेंशन",
        dbt: true,
    },
    Service {
        code: "sc109",
        name_eng: "Registration",
        name_hindi: "पंजीकरण",
        dbt: false,
    },
];

pub fn service(code: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.code == code)
}

/// One address as the portal sends it: codes from the code tables ("0" where a level does not
/// apply, e.g. a ward for a village).
pub struct Address {
    pub area_type: &'static str,
    pub house_no: &'static str,
    pub mohalla: &'static str,
    pub pin: &'static str,
    pub district: &'static str,
    pub tehsil: &'static str,
    pub vikaskhand: &'static str,
    pub grampanchayat: &'static str,
    pub rajasvagram: &'static str,
    pub ward: &'static str,
    pub nagarpalika: &'static str,
    pub nagarnigam: &'static str,
    pub nagarpanchayat: &'static str,
    pub police_station: &'static str,
    pub state: &'static str,
}

pub struct Applicant {
    pub applicant_id: &'static str,
    pub family_id: &'static str,
    pub member_no: &'static str,
    pub aadhar_reference_no: &'static str,
    pub name_eng: [&'static str; 3],
    pub name_hindi: [&'static str; 3],
    pub gender: &'static str,
    pub relation: &'static str,
    pub relative_eng: &'static str,
    pub relative_hindi: &'static str,
    pub mother_eng: &'static str,
    pub mother_hindi: &'static str,
    pub category: &'static str,
    pub dob: &'static str,
    pub pan_no: &'static str,
    pub mobile: &'static str,
    pub email: &'static str,
    pub marital_status: &'static str,
    pub income: &'static str,
    pub occupation: &'static str,
    pub residential: Address,
    /// `None`: same as the residential address.
    pub permanent: Option<Address>,
}

const UP: &str = "09";

/// Citizens in turn: each `/_sandbox/isp/apply` takes the next one.
pub const APPLICANTS: &[Applicant] = &[
    Applicant {
        applicant_id: "UPA7K3M9Q2",
        family_id: "118812569782",
        member_no: "01",
        aadhar_reference_no: "RF83KD02LQ7719XZ4M6P21",
        name_eng: ["Ramesh", "Kumar", "Yadav"],
        name_hindi: ["रमेश", "कुमार", "यादव"],
        gender: "M",
        relation: "father",
        relative_eng: "Shiv Prasad Yadav",
        relative_hindi: "शिव प्रसाद यादव",
        mother_eng: "Sunita Devi",
        mother_hindi: "सुनीता देवी",
        category: "2",
        dob: "1986-07-14",
        pan_no: "ABKPY4821M",
        mobile: "9415023871",
        email: "ramesh.yadav86@gmail.com",
        marital_status: "2",
        income: "84000",
        occupation: "11",
        residential: Address {
            area_type: "1",
            house_no: "142",
            mohalla: "Purab Tola",
            pin: "226301",
            district: "162",
            tehsil: "1623",
            vikaskhand: "0962",
            grampanchayat: "162304",
            rajasvagram: "1623041",
            ward: "0",
            nagarpalika: "0",
            nagarnigam: "0",
            nagarpanchayat: "0",
            police_station: "16214",
            state: UP,
        },
        permanent: None,
    },
    Applicant {
        applicant_id: "UPB2R8T4W6",
        family_id: "218845031276",
        member_no: "02",
        aadhar_reference_no: "RF51TY88MZ0342KQ9D7C05",
        name_eng: ["Priya", "", "Srivastava"],
        name_hindi: ["प्रिया", "", "श्रीवास्तव"],
        gender: "F",
        relation: "husband",
        relative_eng: "Anurag Srivastava",
        relative_hindi: "अनुराग श्रीवास्तव",
        mother_eng: "Kamla Sinha",
        mother_hindi: "कमला सिन्हा",
        category: "1",
        dob: "1991-02-03",
        pan_no: "DQRPS5530K",
        mobile: "8840135792",
        email: "priya.srivastava91@yahoo.co.in",
        marital_status: "2",
        income: "360000",
        occupation: "04",
        residential: Address {
            area_type: "2",
            house_no: "B-2/47",
            mohalla: "Sigra",
            pin: "221010",
            district: "188",
            tehsil: "1882",
            vikaskhand: "0",
            grampanchayat: "0",
            rajasvagram: "0",
            ward: "18817",
            nagarpalika: "0",
            nagarnigam: "1881",
            nagarpanchayat: "0",
            police_station: "18806",
            state: UP,
        },
        permanent: Some(Address {
            area_type: "2",
            house_no: "112/6",
            mohalla: "Civil Lines",
            pin: "211001",
            district: "171",
            tehsil: "1712",
            vikaskhand: "0",
            grampanchayat: "0",
            rajasvagram: "0",
            ward: "17132",
            nagarpalika: "0",
            nagarnigam: "1711",
            nagarpanchayat: "0",
            police_station: "17103",
            state: UP,
        }),
    },
    Applicant {
        applicant_id: "UPC5N1J7H3",
        family_id: "318890117254",
        member_no: "01",
        aadhar_reference_no: "RF20PL64XN5518WE3B9K71",
        name_eng: ["Mohammad", "Irfan", "Ansari"],
        name_hindi: ["मोहम्मद", "इरफ़ान", "अंसारी"],
        gender: "M",
        relation: "father",
        relative_eng: "Abdul Rashid Ansari",
        relative_hindi: "अब्दुल रशीद अंसारी",
        mother_eng: "Shabana Begum",
        mother_hindi: "शबाना बेगम",
        category: "2",
        dob: "1979-11-22",
        pan_no: "CJXPA9034L",
        mobile: "7007518246",
        email: "irfan.ansari.gkp@gmail.com",
        marital_status: "2",
        income: "150000",
        occupation: "09",
        residential: Address {
            area_type: "1",
            house_no: "38",
            mohalla: "Bunkar Tola",
            pin: "273209",
            district: "157",
            tehsil: "1574",
            vikaskhand: "0731",
            grampanchayat: "157412",
            rajasvagram: "1574127",
            ward: "0",
            nagarpalika: "0",
            nagarnigam: "0",
            nagarpanchayat: "0",
            police_station: "15709",
            state: UP,
        },
        permanent: None,
    },
    Applicant {
        applicant_id: "UPD9F6G2L8",
        family_id: "418823954410",
        member_no: "03",
        aadhar_reference_no: "RF77WQ13HD2901MV6S4N38",
        name_eng: ["Savitri", "", "Devi"],
        name_hindi: ["सावित्री", "", "देवी"],
        gender: "F",
        relation: "husband",
        relative_eng: "Late Ram Kishore",
        relative_hindi: "स्व. राम किशोर",
        mother_eng: "Bhagwati Devi",
        mother_hindi: "भगवती देवी",
        category: "3",
        dob: "1955-04-01",
        pan_no: "NA",
        mobile: "9628047153",
        email: "NA",
        marital_status: "4",
        income: "24000",
        occupation: "15",
        residential: Address {
            area_type: "1",
            house_no: "7",
            mohalla: "Harijan Basti",
            pin: "283122",
            district: "146",
            tehsil: "1463",
            vikaskhand: "0517",
            grampanchayat: "146308",
            rajasvagram: "1463082",
            ward: "0",
            nagarpalika: "0",
            nagarnigam: "0",
            nagarpanchayat: "0",
            police_station: "14621",
            state: UP,
        },
        permanent: None,
    },
    Applicant {
        applicant_id: "UPE4V0X5C1",
        family_id: "518876402319",
        member_no: "01",
        aadhar_reference_no: "RF09JC45QT8826LA1R7Y52",
        name_eng: ["Ajay", "Pratap", "Singh"],
        name_hindi: ["अजय", "प्रताप", "सिंह"],
        gender: "M",
        relation: "father",
        relative_eng: "Virendra Pratap Singh",
        relative_hindi: "वीरेंद्र प्रताप सिंह",
        mother_eng: "Usha Singh",
        mother_hindi: "उषा सिंह",
        category: "1",
        dob: "1998-09-30",
        pan_no: "GHTPS1276B",
        mobile: "9005632418",
        email: "ajaypsingh98@gmail.com",
        marital_status: "1",
        income: "120000",
        occupation: "21",
        residential: Address {
            area_type: "2",
            house_no: "117/342",
            mohalla: "Kakadeo",
            pin: "208025",
            district: "164",
            tehsil: "1641",
            vikaskhand: "0",
            grampanchayat: "0",
            rajasvagram: "0",
            ward: "16451",
            nagarpalika: "0",
            nagarnigam: "1641",
            nagarpanchayat: "0",
            police_station: "16412",
            state: UP,
        },
        permanent: None,
    },
];

/// Code → name, as the portal's code-table menu would list them (sandbox codes).
pub fn code_tables() -> Value {
    json!({
        "state": { "09": "Uttar Pradesh / उत्तर प्रदेश" },
        "district": {
            "146": "Agra / आगरा",
            "157": "Gorakhpur / गोरखपुर",
            "162": "Lucknow / लखनऊ",
            "164": "Kanpur Nagar / कानपुर नगर",
            "171": "Prayagraj / प्रयागराज",
            "188": "Varanasi / वाराणसी",
        },
        "tehsil": {
            "1463": "Kiraoli / किरावली",
            "1574": "Sahjanwa / सहजनवा",
            "1623": "Mohanlalganj / मोहनलालगंज",
            "1641": "Kanpur Sadar / कानपुर सदर",
            "1712": "Sadar Prayagraj / सदर प्रयागराज",
            "1882": "Varanasi Sadar / वाराणसी सदर",
        },
        "vikaskhand": {
            "0517": "Achhnera / अछनेरा",
            "0731": "Pali / पाली",
            "0962": "Gosainganj / गोसाईंगंज",
        },
        "nagarnigam": {
            "1641": "Kanpur Nagar Nigam",
            "1711": "Prayagraj Nagar Nigam",
            "1881": "Varanasi Nagar Nigam",
        },
        "category": { "1": "GENERAL", "2": "OBC", "3": "SC", "4": "ST" },
        "gender": { "M": "Male", "F": "Female", "T": "Transgender" },
        "marital_status": { "1": "Single", "2": "Married", "3": "Divorced", "4": "Widow", "5": "Widower" },
        "area_type": { "1": "rural", "2": "urban" },
        "occupation": {
            "04": "Teacher", "09": "Weaver", "11": "Farmer", "15": "Homemaker", "21": "Student",
        },
        "pendency_level": { "1": "Tehsil", "2": "District", "3": "Division", "4": "State" },
    })
}

/// The record `getApplicantCommonDetails` answers: every field of the manual's table.
/// `ocr_spelling` writes the manual's printed `permanent_rajasthagran` instead of
/// `permanent_rajasvagram`, for testing a client's tolerance.
pub fn common_details(applicant: &Applicant, service: &Service, ocr_spelling: bool) -> Value {
    let mut record = Map::new();
    let mut put = |k: &str, v: Value| {
        record.insert(k.to_owned(), v);
    };
    let a = applicant;
    put("applicant_id", json!(a.applicant_id));
    put("service_name_eng", json!(service.name_eng));
    put("service_name_hindi", json!(service.name_hindi));
    put("service_code", json!(service.code));
    put("family_id", json!(a.family_id));
    put(
        "member_id",
        json!(format!("{}{}", a.family_id, a.member_no)),
    );
    put("aadhar_reference_no", json!(a.aadhar_reference_no));
    for (i, part) in ["first", "middle", "last"].iter().enumerate() {
        put(&format!("{part}_name_eng"), json!(a.name_eng[i]));
        put(&format!("{part}_name_hindi"), json!(a.name_hindi[i]));
    }
    put("gender", json!(a.gender));
    put("father_or_husband_or_guardian", json!(a.relation));
    put(
        "father_or_husband_or_guardian_name_eng",
        json!(a.relative_eng),
    );
    put(
        "father_or_husband_or_guardian_name_hindi",
        json!(a.relative_hindi),
    );
    put("mother_name_eng", json!(a.mother_eng));
    put("mother_name_hindi", json!(a.mother_hindi));
    put("category", json!(a.category));
    put("dob", json!(a.dob));
    put("pan_no", json!(a.pan_no));
    put("mobile", json!(a.mobile));
    put("email", json!(a.email));
    put("marital_status", json!(a.marital_status));
    put("income", json!(a.income));
    put("occupation", json!(a.occupation));
    let permanent = a.permanent.as_ref().unwrap_or(&a.residential);
    for (prefix, addr) in [("residential", &a.residential), ("permanent", permanent)] {
        let gram = if prefix == "permanent" && ocr_spelling {
            "rajasthagran"
        } else {
            "rajasvagram"
        };
        for (field, value) in [
            ("area_type", addr.area_type),
            ("house_no", addr.house_no),
            ("mohalla", addr.mohalla),
            ("pin", addr.pin),
            ("district", addr.district),
            ("tehsil", addr.tehsil),
            ("vikaskhand", addr.vikaskhand),
            ("grampanchayat", addr.grampanchayat),
            (gram, addr.rajasvagram),
            ("ward", addr.ward),
            ("nagarpalika", addr.nagarpalika),
            ("nagarnigam", addr.nagarnigam),
            ("nagarpanchayat", addr.nagarpanchayat),
            ("police_station", addr.police_station),
            ("state", addr.state),
        ] {
            put(&format!("{prefix}_{field}"), json!(value));
        }
    }
    for i in 1..=20 {
        put(&format!("d{i}"), Value::Null);
    }
    Value::Object(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_applicant_has_the_full_record() {
        for a in APPLICANTS {
            let r = common_details(a, &SERVICES[0], false);
            let o = r.as_object().unwrap();
            // 7 + 6 names + 14 personal + 2×15 address + 20 dummies
            assert_eq!(o.len(), 77, "{}", a.applicant_id);
            assert_eq!(a.applicant_id.len(), 10);
            assert!(o["member_id"].as_str().unwrap().len() == 14);
            assert!(o.contains_key("permanent_rajasvagram"));
        }
        let ocr = common_details(&APPLICANTS[0], &SERVICES[4], true);
        assert!(ocr.get("permanent_rajasthagran").is_some());
        assert!(ocr.get("permanent_rajasvagram").is_none());
        assert_eq!(ocr["service_code"], "sc109");
    }
}
