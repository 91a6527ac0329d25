// हिन्दी — Hindi, in the plain words of a UP service-delivery office.
// Same keys as en.ts (the `Dictionary` type makes the compiler check); `{name}` placeholders kept
// as they are. Brand names, key names (Alt, Home, End) and protocol names (API, HTTP, PDF, DCI,
// ADSS CSP, Tauri) stay in Latin letters, as they are printed on keyboards and in manuals.

import type { Dictionary } from "./en";

export const hi: Dictionary = {
  "app.name": "Kendra Desk",
  "app.tagline": "बांग्ला सहायता केंद्र का कार्य डेस्क",

  "nav.label": "स्क्रीन सूची",
  "nav.shortcut": "Alt+{key}",
  "nav.help":
    "Alt+1 से Alt+8 दबाकर कोई स्क्रीन खोलें। इस सूची में ↑ और ↓ से ऊपर-नीचे जाएँ, Home और End से पहली या आख़िरी पर पहुँचें। Alt+L दबाने पर भाषा बदलती है।",

  "screen.counter.title": "काउंटर",
  "screen.counter.audience": "डेटा एंट्री ऑपरेटरों के लिए",
  "screen.counter.summary":
    "नागरिक के लिए विभाग की सेवा का आवेदन शुरू करें और उन्हें टिकट संख्या दें। सेवा और नागरिक का विवरण भरें; ये पोर्टल पर भेजे जाएँगे और टिकट छप जाएगा।",

  "screen.status.title": "आवेदन की स्थिति",
  "screen.status.audience": "डेटा एंट्री ऑपरेटरों के लिए",
  "screen.status.summary":
    "नागरिक को बताएँ कि उनका आवेदन अभी किस स्थिति में है। टिकट संख्या या आवेदन संख्या डालें और हर चरण समय के क्रम में देखें।",

  "screen.documents.title": "दस्तावेज़",
  "screen.documents.audience": "डेटा एंट्री ऑपरेटरों के लिए",
  "screen.documents.summary":
    "नागरिक के मोबाइल पर भेजा गया ओटीपी सही निकलने पर उनका प्रमाण पत्र डाउनलोड करें, फिर प्रिंट करके उन्हें दें।",

  "screen.outbox.title": "आउटबॉक्स",
  "screen.outbox.audience": "विभाग के एडमिन के लिए",
  "screen.outbox.summary":
    "राज्य पोर्टल तक जो भी स्थिति पहुँचनी है, सब क्रम से देखें। जो नहीं भेजी जा सकीं, वे अपने-आप दोबारा भेजी जाती हैं; आप उन्हें दोबारा भेज सकते हैं, सुधारकर भेज सकते हैं या रद्द कर सकते हैं।",

  "screen.explorer.title": "एक्सप्लोरर",
  "screen.explorer.audience": "टेस्टर और इंटीग्रेटर के लिए",
  "screen.explorer.summary":
    "किसी भी जुड़े सिस्टम की API पर अनुरोध भेजें और हर चरण देखें: सादा पाठ (प्लेनटेक्स्ट), सुरक्षित लिफ़ाफ़ा (एनवेलप), असली HTTP लेन-देन और डिक्रिप्ट किया गया उत्तर।",

  "screen.signing.title": "हस्ताक्षर",
  "screen.signing.audience": "हस्ताक्षर करने वाले अधिकारियों के लिए",
  "screen.signing.summary":
    "विभाग की रिमोट हस्ताक्षर सेवा से दस्तावेज़ों के हैश और PDF पर हस्ताक्षर करें, और हर अनुरोध को स्वीकृत होने तक देखते रहें।",

  "screen.journal.title": "इतिहास",
  "screen.journal.audience": "एडमिन और ऑडिटर के लिए",
  "screen.journal.summary": "जुड़े सिस्टमों के साथ हर लेन-देन और ऑपरेटरों के हर काम का इतिहास खोजें।",

  "screen.settings.title": "सेटिंग्स",
  "screen.settings.audience": "विभाग के एडमिन के लिए",
  "screen.settings.summary":
    "जुड़ाव की प्रोफ़ाइलें सँभालें, उनकी कुंजियाँ ऑपरेटिंग सिस्टम के कीरिंग में रखें, और भाषा चुनें।",


  "language.heading": "भाषा",
  "language.intro": "सभी स्क्रीन एक साथ बदल जाती हैं। विंडो में कहीं से भी Alt+L दबाने पर अगली भाषा आ जाती है।",

  "sandbox.badge": "सैंडबॉक्स · असली पोर्टल नहीं",
  "sandbox.badge_title":
    "इस्तेमाल हो रही हर प्रोफ़ाइल ऐप के अपने सैंडबॉक्स ({url}) से जुड़ी है। कुछ भी असली पोर्टल तक नहीं जाता।",
  "sandbox.starting": "ऐप का अपना सैंडबॉक्स शुरू हो रहा है…",
  "sandbox.failed": "ऐप का अपना सैंडबॉक्स शुरू नहीं हुआ: {message}",

  "profiles.heading": "इस्तेमाल हो रही प्रोफ़ाइलें",
  "profiles.intro":
    "पहली बार चलाने पर Kendra Desk अपना सैंडबॉक्स इस्तेमाल करता है: हर जुड़े सिस्टम की हूबहू नकल, सिर्फ़ इसी कंप्यूटर पर।",
  "profiles.peer.bsk": "बांग्ला सहायता केंद्र पोर्टल",
  "profiles.peer.isp": "उत्तर प्रदेश एकीकृत सेवा पोर्टल",
  "profiles.peer.header_secrets": "हेडर-सीक्रेट गेटवे",
  "profiles.peer.dci": "DCI सामाजिक रजिस्ट्री",
  "profiles.peer.csp": "ADSS CSP रिमोट हस्ताक्षर",
  "profiles.not_production": "असली नहीं",
  "profiles.saved": "सहेजा गया — सेटिंग्स: {journal}; कुंजियाँ: ऑपरेटिंग सिस्टम का कीरिंग।",
  "profiles.not_saved": "सहेजा नहीं गया, इसलिए ये सिर्फ़ ऐप बंद होने तक रहेंगी: {reason}",

  "status.loading": "संस्करण पढ़ा जा रहा है…",
  "status.versions": "{app} {app_version} · कोर {core_version} · Tauri {tauri_version} · {profile} बिल्ड",
  "status.versions_failed": "संस्करण उपलब्ध नहीं: {message}",
  "status.profile.debug": "डिबग",
  "status.profile.release": "रिलीज़",

  "error.invalid_input": "भरी गई कोई जानकारी सही नहीं है। निशान लगा खाना जाँचकर फिर से कोशिश करें।",
  "error.not_found": "आपने जो खोजा, वह नहीं मिला। संख्या जाँचकर फिर से कोशिश करें।",
  "error.peer_unreachable": "पोर्टल से संपर्क नहीं हो सका। नेटवर्क जाँचें; अपने-आप फिर से कोशिश की जाएगी।",
  "error.peer_rejected": "पोर्टल ने अनुरोध अस्वीकार कर दिया। कारण जानने के लिए विवरण देखें।",
  "error.bad_response": "पोर्टल का उत्तर पढ़ा नहीं जा सका। विवरण देखें।",
  "error.security_failure": "संदेश सुरक्षित नहीं किया जा सका या पढ़ा नहीं जा सका। इस प्रोफ़ाइल की कुंजियाँ जाँचें।",
  "error.secret_unavailable": "इस प्रोफ़ाइल की एक कुंजी कीरिंग में नहीं है, या कीरिंग लॉक है।",
  "error.not_implemented": "Kendra Desk का यह हिस्सा अभी तैयार नहीं है।",
  "error.internal": "Kendra Desk के अंदर कुछ गड़बड़ हो गई। कृपया विवरण के साथ इसकी सूचना दें।",
};
