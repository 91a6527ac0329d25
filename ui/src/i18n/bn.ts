// বাংলা — Bengali, in the plain words of a Bangla Sahayata Kendra counter.
// Same keys as en.ts (the `Dictionary` type makes the compiler check); `{name}` placeholders kept
// as they are. Brand names, key names (Alt, Home, End) and protocol names (API, HTTP, PDF, DCI,
// ADSS CSP, Tauri) stay in Latin letters, as they are printed on keyboards and in manuals.

import type { Dictionary } from "./en";

export const bn: Dictionary = {
  "app.name": "Kendra Desk",
  "app.tagline": "বাংলা সহায়তা কেন্দ্রের কাজের ডেস্ক",

  "nav.label": "স্ক্রিনের তালিকা",
  "nav.shortcut": "Alt+{key}",
  "nav.help":
    "Alt+1 থেকে Alt+8 চাপলে একেকটি স্ক্রিন খোলে। এই তালিকায় ↑ আর ↓ দিয়ে ওঠানামা করুন, Home আর End দিয়ে প্রথমে বা শেষে যান। Alt+L চাপলে ভাষা বদলায়।",

  "screen.counter.title": "কাউন্টার",
  "screen.counter.audience": "ডেটা এন্ট্রি অপারেটরদের জন্য",
  "screen.counter.summary":
    "নাগরিকের জন্য দপ্তরের পরিষেবার আবেদন শুরু করুন আর তাঁকে টিকিট নম্বর দিন। পরিষেবা আর নাগরিকের তথ্য লিখুন; সেগুলি পোর্টালে পাঠানো হবে আর টিকিট ছাপা হবে।",

  "screen.status.title": "আবেদনের অবস্থা",
  "screen.status.audience": "ডেটা এন্ট্রি অপারেটরদের জন্য",
  "screen.status.summary":
    "নাগরিককে জানান তাঁর আবেদন এখন কোন অবস্থায় আছে। টিকিট নম্বর বা আবেদন নম্বর লিখলে প্রতিটি ধাপ সময় অনুযায়ী সাজানো দেখা যাবে।",

  "screen.documents.title": "নথি",
  "screen.documents.audience": "ডেটা এন্ট্রি অপারেটরদের জন্য",
  "screen.documents.summary":
    "নাগরিকের মোবাইলে পাঠানো ওটিপি মিলে গেলে তাঁর সার্টিফিকেট ডাউনলোড করুন, তারপর প্রিন্ট করে তাঁর হাতে দিন।",

  "screen.outbox.title": "আউটবক্স",
  "screen.outbox.audience": "দপ্তরের অ্যাডমিনদের জন্য",
  "screen.outbox.summary":
    "রাজ্য পোর্টালে যত আবেদনের অবস্থা জানানো দরকার, সব ক্রম অনুযায়ী দেখুন। যা পাঠানো যায়নি তা নিজে থেকেই আবার পাঠানো হয়; আপনি আবার পাঠাতে, ঠিক করে আবার পাঠাতে বা বাতিল করতে পারেন।",

  "screen.explorer.title": "এক্সপ্লোরার",
  "screen.explorer.audience": "টেস্টার ও ইন্টিগ্রেটরদের জন্য",
  "screen.explorer.summary":
    "যুক্ত যেকোনো সিস্টেমের API-তে অনুরোধ পাঠিয়ে প্রতিটি ধাপ দেখুন: সাধারণ লেখা (প্লেনটেক্সট), সুরক্ষিত খাম (এনভেলপ), আসল HTTP আদান-প্রদান আর ডিক্রিপ্ট করা উত্তর।",

  "screen.signing.title": "স্বাক্ষর",
  "screen.signing.audience": "স্বাক্ষরকারী আধিকারিকদের জন্য",
  "screen.signing.summary":
    "দপ্তরের রিমোট স্বাক্ষর পরিষেবা দিয়ে নথির হ্যাশ আর PDF-এ স্বাক্ষর করুন, আর প্রতিটি অনুরোধ অনুমোদন না হওয়া পর্যন্ত নজরে রাখুন।",

  "screen.journal.title": "ইতিহাস",
  "screen.journal.audience": "অ্যাডমিন ও অডিটরদের জন্য",
  "screen.journal.summary": "যুক্ত সিস্টেমের সঙ্গে প্রতিটি আদান-প্রদান আর অপারেটরদের প্রতিটি কাজের ইতিহাস খুঁজুন।",

  "screen.settings.title": "সেটিংস",
  "screen.settings.audience": "দপ্তরের অ্যাডমিনদের জন্য",
  "screen.settings.summary":
    "সংযোগের প্রোফাইলগুলি সামলান, সেগুলির চাবি অপারেটিং সিস্টেমের কিরিং-এ রাখুন, আর ভাষা বেছে নিন।",


  "language.heading": "ভাষা",
  "language.intro": "সব স্ক্রিন একসঙ্গে বদলে যায়। উইন্ডোর যেকোনো জায়গা থেকে Alt+L চাপলে পরের ভাষায় যাবে।",

  "sandbox.badge": "স্যান্ডবক্স · আসল পোর্টাল নয়",
  "sandbox.badge_title":
    "চালু সব প্রোফাইল অ্যাপের নিজস্ব স্যান্ডবক্সে ({url}) যুক্ত। কিছুই আসল পোর্টালে যায় না।",
  "sandbox.starting": "অ্যাপের নিজস্ব স্যান্ডবক্স চালু হচ্ছে…",
  "sandbox.failed": "অ্যাপের নিজস্ব স্যান্ডবক্স চালু হয়নি: {message}",

  "profiles.heading": "চালু প্রোফাইল",
  "profiles.intro":
    "প্রথমবার চালালে Kendra Desk নিজস্ব স্যান্ডবক্স ব্যবহার করে: প্রতিটি যুক্ত সিস্টেমের হুবহু নকল, শুধু এই কম্পিউটারেই।",
  "profiles.peer.bsk": "বাংলা সহায়তা কেন্দ্র পোর্টাল",
  "profiles.peer.isp": "উত্তরপ্রদেশের ইন্টিগ্রেটেড সার্ভিস পোর্টাল",
  "profiles.peer.header_secrets": "হেডার-সিক্রেট গেটওয়ে",
  "profiles.peer.dci": "DCI সামাজিক রেজিস্ট্রি",
  "profiles.peer.csp": "ADSS CSP রিমোট স্বাক্ষর",
  "profiles.not_production": "আসল নয়",
  "profiles.saved": "সংরক্ষিত — সেটিংস: {journal}; চাবি: অপারেটিং সিস্টেমের কিরিং।",
  "profiles.not_saved": "সংরক্ষণ হয়নি, তাই শুধু এবার অ্যাপ বন্ধ করা পর্যন্ত থাকবে: {reason}",

  "status.loading": "সংস্করণ পড়া হচ্ছে…",
  "status.versions": "{app} {app_version} · কোর {core_version} · Tauri {tauri_version} · {profile} বিল্ড",
  "status.versions_failed": "সংস্করণ জানা যায়নি: {message}",
  "status.profile.debug": "ডিবাগ",
  "status.profile.release": "রিলিজ",

  "error.invalid_input": "লেখা কোনো তথ্য ঠিক নেই। চিহ্নিত ঘরটি দেখে আবার চেষ্টা করুন।",
  "error.not_found": "যা খুঁজেছেন তা পাওয়া যায়নি। নম্বরটি মিলিয়ে আবার চেষ্টা করুন।",
  "error.peer_unreachable": "পোর্টালের সঙ্গে যোগাযোগ করা যায়নি। নেটওয়ার্ক দেখুন; নিজে থেকেই আবার চেষ্টা করা হবে।",
  "error.peer_rejected": "পোর্টাল অনুরোধটি ফিরিয়ে দিয়েছে। কারণ জানতে বিস্তারিত দেখুন।",
  "error.bad_response": "পোর্টালের উত্তর পড়া যায়নি। বিস্তারিত দেখুন।",
  "error.security_failure": "বার্তাটি সুরক্ষিত করা বা পড়া যায়নি। এই প্রোফাইলের চাবিগুলি দেখুন।",
  "error.secret_unavailable": "এই প্রোফাইলের একটি চাবি কিরিং-এ নেই, অথবা কিরিং তালাবন্ধ।",
  "error.not_implemented": "Kendra Desk-এর এই অংশটি এখনও তৈরি হয়নি।",
  "error.internal": "Kendra Desk-এর ভেতরে কিছু গোলমাল হয়েছে। বিস্তারিত সহ জানিয়ে দিন।",
};
