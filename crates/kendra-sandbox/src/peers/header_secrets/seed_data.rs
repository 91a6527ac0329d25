//! The gateway's seeded clients (one per cipher profile) and the applications its status
//! look-up answers from. Fixed tables, so docs and tests can rely on them.

use kendra_wire::header_secrets::EpochUnit;

pub enum SeededCipher {
    /// BSK-style: the key (32 ASCII characters) and IV (16) used as raw bytes.
    BskRaw { key: &'static str, iv: &'static str },
    /// ISP-style: key and IV derived from a shared secret (canonical variant).
    IspSecret { secret: &'static str },
}

pub struct SeededClient {
    /// What `info` lists the client under.
    pub label: &'static str,
    pub client_id: &'static str,
    pub client_secret: &'static str,
    pub pass_key: &'static str,
    pub cipher: SeededCipher,
    pub epoch_unit: EpochUnit,
}

pub const CLIENTS: &[SeededClient] = &[
    SeededClient {
        label: "bsk_style",
        client_id: "kdbsk4f7a21c9e0q",
        client_secret: "Xq7Lm2Vt9Rb4Nc8Kp1Wz6Hy3Jd5Gf0Ts",
        pass_key: "PK-7H2Q-91XM-BSK",
        cipher: SeededCipher::BskRaw {
            key: "H3S9GW2LQ7VX4TK1N8BZ5RC0YMD6PJFA",
            iv: "Q4T8M1X6Z3R9K2VD",
        },
        epoch_unit: EpochUnit::Seconds,
    },
    // The spec's sample client: its id, its secret (OCR space removed) and its 13-digit epoch.
    SeededClient {
        label: "isp_style",
        client_id: "sdfghjk16r1erhjkjh467ertyjkdcfxgxg",
        client_secret: "ZG8uGGnu5vDAx6alfv1KQwn1DlZjA3ERn6WAlHkF3DmYoRq1SyGqJ4xxxTUYroAH",
        pass_key: "PK-ISU-5K8D-22QW",
        cipher: SeededCipher::IspSecret {
            secret: "ISU-HS-payload-key-2024-Lko",
        },
        epoch_unit: EpochUnit::Milliseconds,
    },
];

pub struct Application {
    pub application_no: &'static str,
    pub applicant_name: &'static str,
    pub applicant_name_hindi: &'static str,
    pub service_name: &'static str,
    pub district: &'static str,
    pub status_code: &'static str,
    pub status: &'static str,
    pub status_date: &'static str,
    pub remarks: &'static str,
}

pub const APPLICATIONS: &[Application] = &[
    Application {
        application_no: "HS2024UP000101",
        applicant_name: "Ramesh Kumar Yadav",
        applicant_name_hindi: "रमेश कुमार यादव",
        service_name: "Income Certificate",
        district: "Lucknow",
        status_code: "S104",
        status: "Application Submitted",
        status_date: "2024-05-02 11:20:00",
        remarks: "Received at Tehsil Mohanlalganj",
    },
    Application {
        application_no: "HS2024UP000102",
        applicant_name: "Priya Srivastava",
        applicant_name_hindi: "प्रिया श्रीवास्तव",
        service_name: "Domicile Certificate",
        district: "Varanasi",
        status_code: "S107",
        status: "Pending for verification",
        status_date: "2024-05-06 15:05:41",
        remarks: "Lekhpal verification pending",
    },
    Application {
        application_no: "HS2024UP000103",
        applicant_name: "Mohammad Irfan Ansari",
        applicant_name_hindi: "मोहम्मद इरफ़ान अंसारी",
        service_name: "Caste Certificate",
        district: "Gorakhpur",
        status_code: "S109",
        status: "Objection Raised",
        status_date: "2024-05-09 10:12:09",
        remarks: "Father's caste certificate copy is not legible",
    },
    Application {
        application_no: "HS2024UP000104",
        applicant_name: "Savitri Devi",
        applicant_name_hindi: "सावित्री देवी",
        service_name: "Old Age Pension",
        district: "Agra",
        status_code: "S112",
        status: "Service Delivered",
        status_date: "2024-06-01 12:00:00",
        remarks: "Pension of Rs 1000.00 per month sanctioned",
    },
    Application {
        application_no: "HS2024UP000105",
        applicant_name: "Ajay Pratap Singh",
        applicant_name_hindi: "अजय प्रताप सिंह",
        service_name: "Income Certificate",
        district: "Kanpur Nagar",
        status_code: "S110",
        status: "Rejected",
        status_date: "2024-05-20 17:45:30",
        remarks: "Income proof does not match the family register",
    },
];
