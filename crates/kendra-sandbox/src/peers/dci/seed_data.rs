//! The registry's seeded households and persons: fixed tables, so docs and tests can name them.
//! Districts are real; names, numbers and scores are invented. UIN 847951632 is the number the
//! official example `processflow2req.json` searches for, so that example finds somebody.

/// One household (the DCI "group"): a ration card, a poverty score and its members.
pub struct SeedHousehold {
    pub household_id: &'static str,
    /// NFSA ration card number, the household-level identifier.
    pub ration_card: &'static str,
    /// Exact decimal text (lower is poorer), never computed with.
    pub poverty_score: &'static str,
    pub village: &'static str,
    pub block: &'static str,
    pub district: &'static str,
    pub state: &'static str,
    pub pin_code: &'static str,
    pub registration_date: &'static str,
    pub members: &'static [SeedPerson],
}

pub struct SeedPerson {
    pub uin: &'static str,
    /// Birth registration number; empty for people born before online registration.
    pub brn: &'static str,
    pub given_name: &'static str,
    pub surname: &'static str,
    /// The name in the state's script.
    pub local_name: &'static str,
    /// `male` or `female`, as the yaml's Person example writes it.
    pub sex: &'static str,
    pub birth_date: &'static str,
    /// `self`, `wife`, `husband`, `son`, `daughter`, `mother`, `father`, …
    pub relationship_head: &'static str,
    /// `M` married, `S` single, `W` widowed (the code directory's letters).
    pub marital_status: &'static str,
    pub occupation: &'static str,
    pub is_disabled: bool,
    pub mobile: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn p(
    uin: &'static str,
    brn: &'static str,
    given_name: &'static str,
    surname: &'static str,
    local_name: &'static str,
    sex: &'static str,
    birth_date: &'static str,
    relationship_head: &'static str,
    marital_status: &'static str,
    occupation: &'static str,
    is_disabled: bool,
    mobile: &'static str,
) -> SeedPerson {
    SeedPerson {
        uin,
        brn,
        given_name,
        surname,
        local_name,
        sex,
        birth_date,
        relationship_head,
        marital_status,
        occupation,
        is_disabled,
        mobile,
    }
}

#[rustfmt::skip]
pub const HOUSEHOLDS: &[SeedHousehold] = &[
    SeedHousehold {
        household_id: "HH-BR-GAY-0001",
        ration_card: "BR-10230045871",
        poverty_score: "2.1",
        village: "Barachatti",
        block: "Barachatti",
        district: "Gaya",
        state: "Bihar",
        pin_code: "824201",
        registration_date: "2019-04-12",
        members: &[
            p("847951632", "", "Rameshwar", "Manjhi", "रामेश्वर मांझी", "male", "1979-08-15", "self", "M", "Agricultural labourer", false, "9431205518"),
            p("847951640", "", "Sunita", "Devi", "सुनीता देवी", "female", "1984-02-03", "wife", "M", "Agricultural labourer", false, "9431205519"),
            p("847951657", "BR2005GAY004512", "Pintu", "Kumar", "पिंटू कुमार", "male", "2005-06-21", "son", "S", "Student", false, ""),
            p("847951665", "BR2009GAY017733", "Rinki", "Kumari", "रिंकी कुमारी", "female", "2009-11-30", "daughter", "S", "Student", false, ""),
            p("847951673", "BR2023GAY090112", "Golu", "Kumar", "गोलू कुमार", "male", "2023-09-02", "son", "S", "", false, ""),
        ],
    },
    SeedHousehold {
        household_id: "HH-UP-BRH-0002",
        ration_card: "UP-0933117720",
        poverty_score: "3.4",
        village: "Mihinpurwa",
        block: "Mihinpurwa",
        district: "Bahraich",
        state: "Uttar Pradesh",
        pin_code: "271855",
        registration_date: "2020-01-27",
        members: &[
            p("847952018", "", "Kamla", "Devi", "कमला देवी", "female", "1968-03-10", "self", "W", "Home-based worker", false, "8127440931"),
            p("847952026", "", "Santosh", "Yadav", "संतोष यादव", "male", "1991-12-01", "son", "M", "Construction worker", false, "8127440932"),
            p("847952034", "", "Pooja", "Yadav", "पूजा यादव", "female", "1995-07-19", "daughter-in-law", "M", "Anganwadi helper", false, "8127440933"),
            p("847952042", "UP2024BRH008271", "Aarav", "Yadav", "आरव यादव", "male", "2024-05-14", "grandson", "S", "", false, ""),
        ],
    },
    SeedHousehold {
        household_id: "HH-OD-KOR-0003",
        ration_card: "OD-2110045903",
        poverty_score: "1.6",
        village: "Lamtaput",
        block: "Lamtaput",
        district: "Koraput",
        state: "Odisha",
        pin_code: "764081",
        registration_date: "2018-10-05",
        members: &[
            p("847952513", "", "Sukra", "Gadaba", "ଶୁକ୍ର ଗଦବା", "male", "1975-01-26", "self", "M", "Cultivator", true, "7008123456"),
            p("847952521", "", "Mali", "Gadaba", "ମାଳି ଗଦବା", "female", "1980-04-14", "wife", "M", "Minor forest produce collector", false, ""),
            p("847952539", "OD2007KOR003320", "Laxmi", "Gadaba", "ଲକ୍ଷ୍ମୀ ଗଦବା", "female", "2007-08-09", "daughter", "S", "Student", false, ""),
        ],
    },
    SeedHousehold {
        household_id: "HH-RJ-BMR-0004",
        ration_card: "RJ-0812300117",
        poverty_score: "4.2",
        village: "Chohtan",
        block: "Chohtan",
        district: "Barmer",
        state: "Rajasthan",
        pin_code: "344702",
        registration_date: "2021-06-30",
        members: &[
            p("847953017", "", "Bhanwar", "Lal", "भंवर लाल", "male", "1962-09-09", "self", "M", "Livestock rearer", false, "9414022871"),
            p("847953025", "", "Dhapu", "Devi", "धापू देवी", "female", "1965-05-05", "wife", "M", "Livestock rearer", false, ""),
            p("847953033", "", "Mohan", "Lal", "मोहन लाल", "male", "1988-02-17", "son", "M", "Migrant worker", false, "9414022872"),
            p("847953041", "", "Geeta", "Devi", "गीता देवी", "female", "1990-10-22", "daughter-in-law", "M", "MGNREGA worker", false, ""),
            p("847953058", "RJ2016BMR011904", "Kiran", "Kumari", "किरण कुमारी", "female", "2016-03-03", "granddaughter", "S", "Student", false, ""),
        ],
    },
    SeedHousehold {
        household_id: "HH-WB-PUR-0005",
        ration_card: "WB-PHH-0409917762",
        poverty_score: "2.4",
        village: "Jhalda",
        block: "Jhalda-I",
        district: "Purulia",
        state: "West Bengal",
        pin_code: "723202",
        registration_date: "2019-12-16",
        members: &[
            p("847953512", "", "Anjali", "Mahato", "অঞ্জলি মাহাতো", "female", "1977-07-07", "self", "W", "Bidi roller", false, "9932017745"),
            p("847953520", "WB2003PUR002291", "Subhas", "Mahato", "সুভাষ মাহাতো", "male", "2003-01-23", "son", "S", "Daily wage labourer", false, "9932017746"),
        ],
    },
    SeedHousehold {
        household_id: "HH-MH-NAN-0006",
        ration_card: "MH-2722016634",
        poverty_score: "5.0",
        village: "Kinwat",
        block: "Kinwat",
        district: "Nanded",
        state: "Maharashtra",
        pin_code: "431804",
        registration_date: "2022-02-08",
        members: &[
            p("847954019", "", "Vitthal", "Pawar", "विठ्ठल पवार", "male", "1983-11-11", "self", "M", "Small farmer", false, "9822104463"),
            p("847954027", "", "Savita", "Pawar", "सविता पवार", "female", "1986-06-06", "wife", "M", "Small farmer", false, ""),
            p("847954035", "MH2010NAN021178", "Rohit", "Pawar", "रोहित पवार", "male", "2010-02-28", "son", "S", "Student", false, ""),
            p("847954043", "MH2013NAN030456", "Sneha", "Pawar", "स्नेहा पवार", "female", "2013-09-15", "daughter", "S", "Student", true, ""),
            p("847954050", "MH2023NAN077810", "Om", "Pawar", "ओम पवार", "male", "2023-01-19", "son", "S", "", false, ""),
        ],
    },
    SeedHousehold {
        household_id: "HH-JH-RAN-0007",
        ration_card: "JH-2020341108",
        poverty_score: "3.8",
        village: "Bundu",
        block: "Bundu",
        district: "Ranchi",
        state: "Jharkhand",
        pin_code: "835204",
        registration_date: "2020-09-03",
        members: &[
            p("847954514", "", "Birsa", "Munda", "बिरसा मुंडा", "male", "1958-04-01", "self", "W", "Cultivator", false, "9504417702"),
        ],
    },
    SeedHousehold {
        household_id: "HH-MP-JHB-0008",
        ration_card: "MP-1520098870",
        poverty_score: "1.9",
        village: "Thandla",
        block: "Thandla",
        district: "Jhabua",
        state: "Madhya Pradesh",
        pin_code: "457777",
        registration_date: "2018-07-19",
        members: &[
            p("847955011", "", "Kalu", "Bhuria", "कालू भूरिया", "male", "1987-10-10", "self", "M", "Agricultural labourer", false, "9691120054"),
            p("847955029", "", "Rukmi", "Bhuria", "रुक्मी भूरिया", "female", "1992-12-12", "wife", "M", "Agricultural labourer", false, ""),
            p("847955037", "MP2017JHB040021", "Sanjay", "Bhuria", "संजय भूरिया", "male", "2017-05-01", "son", "S", "Student", false, ""),
            p("847955045", "MP2020JHB055532", "Radha", "Bhuria", "राधा भूरिया", "female", "2020-08-08", "daughter", "S", "", false, ""),
            p("847955052", "MP2024JHB061190", "Lakhan", "Bhuria", "लखन भूरिया", "male", "2024-02-14", "son", "S", "", false, ""),
        ],
    },
];
