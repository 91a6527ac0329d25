//! The PDF side of a signature: read the original with `lopdf` (refusing encrypted and damaged
//! files), then append an incremental update — a signature dictionary with a reserved
//! `/Contents`, a signature field widget on the last page (optionally with a visible stamp), the
//! page and AcroForm changes, and a cross-reference section (table or stream, like the
//! original's) with `/Prev`. The original bytes stay a byte-for-byte prefix of the result.
//! lopdf's own writers rewrite the whole file, so the appended bytes are written here.

use chrono::{DateTime, Utc};
use lopdf::content::{Content, Operation};
use lopdf::xref::XrefEntry;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

/// Bytes reserved for the DER CMS in `/Contents` (hex doubles it): a signer certificate with a
/// chain of a few CA certificates fits many times over.
pub const CONTENTS_BYTES: usize = 16 * 1024;
/// Characters reserved for the ByteRange numbers (`0 a b c`, each under 10 digits).
const BYTE_RANGE_WIDTH: usize = 40;
/// The stamp's size in points.
const STAMP_WIDTH: f32 = 230.0;
const STAMP_HEIGHT: f32 = 62.0;
const STAMP_MARGIN: f32 = 24.0;
/// Helvetica 7.5 pt: about this many characters fit a stamp line.
const STAMP_LINE_CHARS: usize = 56;

/// Why a PDF cannot be signed, in words for the officer (the caller names the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfProblem {
    NotPdf(String),
    Damaged(String),
    Encrypted,
    Unsupported(String),
}

impl PdfProblem {
    pub fn sentence(&self) -> String {
        match self {
            PdfProblem::NotPdf(why) => format!("it is not a PDF ({why})"),
            PdfProblem::Damaged(why) => {
                format!("the PDF is damaged and cannot be signed safely ({why}); open it in a PDF reader and save a fresh copy")
            }
            PdfProblem::Encrypted => {
                "the PDF is encrypted (password-protected); save an unprotected copy and sign that"
                    .to_owned()
            }
            PdfProblem::Unsupported(why) => format!("Kendra cannot sign this PDF: {why}"),
        }
    }
}

/// The original document: its bytes and what the update must refer to.
pub struct OriginalPdf {
    bytes: Vec<u8>,
    doc: Document,
    /// Where the last cross-reference section starts (the update's `/Prev`).
    startxref: usize,
    xref_stream: bool,
    /// The first object number free for new objects.
    next_id: u32,
    pub pages: usize,
}

impl std::fmt::Debug for OriginalPdf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OriginalPdf")
            .field("bytes", &self.bytes.len())
            .field("startxref", &self.startxref)
            .field("xref_stream", &self.xref_stream)
            .field("pages", &self.pages)
            .finish()
    }
}

impl OriginalPdf {
    /// Reads and checks a PDF held in memory.
    pub fn read(bytes: Vec<u8>) -> Result<Self, PdfProblem> {
        if !bytes.starts_with(b"%PDF-") {
            return Err(match find(&bytes, b"%PDF-", 0) {
                Some(at) if at < 1024 => PdfProblem::Unsupported(format!(
                    "it has {at} stray byte(s) before its %PDF- header"
                )),
                _ => PdfProblem::NotPdf("it does not start with %PDF-".to_owned()),
            });
        }
        let tail_start = bytes.len().saturating_sub(2048);
        if rfind(&bytes, b"%%EOF").is_none_or(|at| at < tail_start) {
            return Err(PdfProblem::Damaged(
                "it has no %%EOF marker at its end: the file looks truncated".to_owned(),
            ));
        }
        let doc = Document::load_mem(&bytes).map_err(|e| {
            if matches!(
                e,
                lopdf::Error::Decryption(_) | lopdf::Error::AlreadyEncrypted
            ) {
                PdfProblem::Encrypted
            } else {
                PdfProblem::Damaged(format!("lopdf: {e}"))
            }
        })?;
        if doc.was_encrypted() || doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
            return Err(PdfProblem::Encrypted);
        }
        let startxref = doc.xref_start;
        let xref_stream = match bytes.get(startxref..) {
            Some(rest) if rest.starts_with(b"xref") => false,
            Some(rest) if starts_with_object_header(rest) => true,
            _ => {
                return Err(PdfProblem::Damaged(format!(
                    "startxref points to byte {startxref}, where no cross-reference section starts"
                )))
            }
        };
        check_xref_offsets(&bytes, &doc)?;
        if doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .is_err()
        {
            return Err(PdfProblem::Damaged(
                "its trailer names no document catalog (/Root)".to_owned(),
            ));
        }
        if certified_without_changes(&doc) {
            return Err(PdfProblem::Unsupported(
                "it is certified with \"no changes allowed\" (DocMDP P 1): another signature would break that certification".to_owned(),
            ));
        }
        let pages = doc.get_pages().len();
        if pages == 0 {
            return Err(PdfProblem::Damaged("it has no pages".to_owned()));
        }
        let trailer_size = doc
            .trailer
            .get(b"Size")
            .and_then(Object::as_i64)
            .ok()
            .and_then(|s| u32::try_from(s).ok())
            .unwrap_or(0);
        let next_id = trailer_size
            .max(doc.reference_table.size)
            .max(doc.max_id.saturating_add(1));
        Ok(Self {
            bytes,
            doc,
            startxref,
            // What startxref points at decides (a hybrid file's last section is a table).
            xref_stream,
            next_id,
            pages,
        })
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// What the signature field shows and says.
#[derive(Debug, Clone)]
pub struct FieldPlan {
    /// The signer's name (`/Name`, and the stamp's first line).
    pub signer: String,
    pub reason: Option<String>,
    /// `/M` and the stamp's time.
    pub signing_time: DateTime<Utc>,
    /// Lines of the visible stamp; `None` for an invisible signature.
    pub stamp: Option<Vec<String>>,
}

/// The signed-to-be PDF: the whole output with `/Contents` still zero.
#[derive(Debug)]
pub struct PreparedPdf {
    bytes: Vec<u8>,
    /// Offsets of `<` and just past `>` of the `/Contents` hex string.
    contents: (usize, usize),
    pub byte_range: [u64; 4],
    pub field_name: String,
    /// 1-based.
    pub page_number: usize,
}

impl PreparedPdf {
    /// SHA-256 over the two ByteRange parts: everything but the `/Contents` hex string.
    pub fn byte_range_digest(&self) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(self.bytes.get(..self.contents.0).unwrap_or_default());
        hasher.update(self.bytes.get(self.contents.1..).unwrap_or_default());
        hasher.finalize().into()
    }

    /// Writes the DER CMS into `/Contents` and answers the finished file.
    pub fn embed(mut self, cms_der: &[u8]) -> Result<Vec<u8>, String> {
        if cms_der.len() > CONTENTS_BYTES {
            return Err(format!(
                "the signature container is {} bytes, more than the {CONTENTS_BYTES} reserved for it",
                cms_der.len()
            ));
        }
        let hex = crate::csp_signing::signing_certificate::hex(cms_der);
        let start = self.contents.0 + 1;
        let slot = self
            .bytes
            .get_mut(start..start + hex.len())
            .ok_or("the reserved signature space is missing from the prepared file")?;
        slot.copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

/// Appends the signature field and reserved signature to `original`.
pub fn prepare(original: &OriginalPdf, plan: &FieldPlan) -> Result<PreparedPdf, PdfProblem> {
    let doc = &original.doc;
    let damaged = |what: &str, e: lopdf::Error| PdfProblem::Damaged(format!("{what}: {e}"));
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| damaged("the trailer's /Root", e))?;
    let pages = doc.get_pages();
    let (&page_number, &page_id) = pages
        .iter()
        .next_back()
        .ok_or_else(|| PdfProblem::Damaged("it has no pages".to_owned()))?;

    let mut update = Update::new(original.next_id);
    let sig_id = update.reserve();
    let widget_id = update.reserve();
    let catalog = doc
        .get_dictionary(root_id)
        .map_err(|e| damaged("the document catalog", e))?
        .clone();

    // The AcroForm, wherever it lives, gains the field and /SigFlags 3.
    let (acro_form, acro_home) = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(id)) => (
            doc.get_dictionary(*id)
                .map_err(|e| damaged("the AcroForm", e))?
                .clone(),
            Home::Object(*id),
        ),
        Ok(Object::Dictionary(dict)) => (dict.clone(), Home::InCatalog),
        _ => (Dictionary::new(), Home::New),
    };
    let field_name = unused_field_name(doc, &acro_form);
    let mut acro_form = acro_form;
    append_to_array(doc, &mut update, &mut acro_form, b"Fields", widget_id)?;
    acro_form.set("SigFlags", 3);
    let mut catalog = catalog;
    match acro_home {
        Home::Object(id) => update.rewrite(id, Object::Dictionary(acro_form)),
        Home::InCatalog => {
            catalog.set("AcroForm", Object::Dictionary(acro_form));
            update.rewrite(root_id, Object::Dictionary(catalog));
        }
        Home::New => {
            let id = update.reserve();
            update.set(id, Object::Dictionary(acro_form));
            catalog.set("AcroForm", Object::Reference(id));
            update.rewrite(root_id, Object::Dictionary(catalog));
        }
    }

    // The page gains the widget.
    let mut page = doc
        .get_dictionary(page_id)
        .map_err(|e| damaged("the last page", e))?
        .clone();
    append_to_array(doc, &mut update, &mut page, b"Annots", widget_id)?;
    let media_box = media_box(doc, page_id);
    update.rewrite(page_id, Object::Dictionary(page));

    // The widget, with its stamp when visible.
    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set(
        "T",
        Object::String(field_name.as_bytes().to_vec(), StringFormat::Literal),
    );
    widget.set("V", Object::Reference(sig_id));
    widget.set("P", Object::Reference(page_id));
    // Print + Locked.
    widget.set("F", 132);
    let rect = match &plan.stamp {
        Some(lines) => {
            let [x0, y0, x1, _] = media_box;
            let right = (x1 - STAMP_MARGIN).max(x0 + STAMP_WIDTH);
            let bottom = y0 + STAMP_MARGIN;
            let ap_id = update.reserve();
            update.set(ap_id, stamp_stream(lines)?);
            let mut ap = Dictionary::new();
            ap.set("N", Object::Reference(ap_id));
            widget.set("AP", Object::Dictionary(ap));
            [right - STAMP_WIDTH, bottom, right, bottom + STAMP_HEIGHT]
        }
        None => [0.0; 4],
    };
    widget.set(
        "Rect",
        Object::Array(rect.iter().map(|v| Object::Real(*v)).collect()),
    );
    update.set(widget_id, Object::Dictionary(widget));

    // The signature dictionary, its ByteRange and Contents filled in below.
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    sig.set("Name", lopdf::text_string(&plan.signer));
    if let Some(reason) = &plan.reason {
        sig.set("Reason", lopdf::text_string(reason));
    }
    sig.set(
        "M",
        Object::String(
            pdf_date(plan.signing_time).into_bytes(),
            StringFormat::Literal,
        ),
    );
    update.signature = Some(sig_id);
    update.set(sig_id, Object::Dictionary(sig));

    let mut bytes = original.bytes.clone();
    let contents = update.write(original, &mut bytes)?;
    let (lt, gt) = contents;
    let total = bytes.len();
    let byte_range = [0, lt as u64, gt as u64, (total - gt) as u64];
    fill_byte_range(&mut bytes, lt, byte_range)?;
    Ok(PreparedPdf {
        bytes,
        contents,
        byte_range,
        field_name,
        page_number: usize::try_from(page_number).unwrap_or(original.pages),
    })
}

/// Where a dictionary lives.
enum Home {
    Object(ObjectId),
    InCatalog,
    New,
}

/// The objects of the update, in the order they are written.
struct Update {
    next_id: u32,
    objects: Vec<(ObjectId, Object)>,
    signature: Option<ObjectId>,
}

impl Update {
    fn new(next_id: u32) -> Self {
        Self {
            next_id,
            objects: Vec::new(),
            signature: None,
        }
    }

    fn reserve(&mut self) -> ObjectId {
        let id = (self.next_id, 0);
        self.next_id += 1;
        id
    }

    fn set(&mut self, id: ObjectId, object: Object) {
        self.objects.retain(|(known, _)| *known != id);
        self.objects.push((id, object));
    }

    fn rewrite(&mut self, id: ObjectId, object: Object) {
        self.set(id, object);
    }

    /// Appends the objects, the cross-reference section and the trailer to `out`; answers the
    /// offsets of the `/Contents` hex string (`<` and past `>`).
    fn write(
        mut self,
        original: &OriginalPdf,
        out: &mut Vec<u8>,
    ) -> Result<(usize, usize), PdfProblem> {
        if !out.ends_with(b"\n") && !out.ends_with(b"\r") {
            out.push(b'\n');
        }
        let mut offsets: Vec<(ObjectId, usize)> = Vec::new();
        let mut contents = None;
        self.objects.sort_by_key(|(id, _)| *id);
        for (id, object) in &self.objects {
            offsets.push((*id, out.len()));
            out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
            if Some(*id) == self.signature {
                contents = Some(write_signature_dictionary(out, object)?);
            } else {
                write_object(out, object);
            }
            out.extend_from_slice(b"\nendobj\n");
        }
        let contents = contents.ok_or_else(|| {
            PdfProblem::Unsupported("the signature dictionary was not written".to_owned())
        })?;

        let mut trailer = Dictionary::new();
        for key in [&b"Root"[..], b"Info", b"ID"] {
            if let Ok(value) = original.doc.trailer.get(key) {
                trailer.set(key.to_vec(), value.clone());
            }
        }
        trailer.set("Prev", original.startxref as i64);
        let xref_at = out.len();
        if original.xref_stream {
            let xref_id = (self.next_id, 0);
            offsets.push((xref_id, xref_at));
            trailer.set("Size", i64::from(xref_id.0) + 1);
            write_xref_stream(out, xref_id, &offsets, trailer)?;
        } else {
            trailer.set("Size", i64::from(self.next_id));
            write_xref_table(out, &offsets);
            out.extend_from_slice(b"trailer\n");
            write_object(out, &Object::Dictionary(trailer));
            out.push(b'\n');
        }
        out.extend_from_slice(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes());
        Ok(contents)
    }
}

/// Adds `item` to the array at `key` of `dict` (inline or its own object, rewritten then).
fn append_to_array(
    doc: &Document,
    update: &mut Update,
    dict: &mut Dictionary,
    key: &[u8],
    item: ObjectId,
) -> Result<(), PdfProblem> {
    let shown = String::from_utf8_lossy(key).into_owned();
    match dict.get(key) {
        Ok(Object::Reference(id)) => {
            let id = *id;
            let mut array = doc
                .get_object(id)
                .and_then(Object::as_array)
                .map_err(|e| PdfProblem::Damaged(format!("its /{shown} array: {e}")))?
                .clone();
            array.push(Object::Reference(item));
            update.rewrite(id, Object::Array(array));
        }
        Ok(Object::Array(array)) => {
            let mut array = array.clone();
            array.push(Object::Reference(item));
            dict.set(key.to_vec(), Object::Array(array));
        }
        Ok(Object::Null) | Err(_) => {
            dict.set(key.to_vec(), Object::Array(vec![Object::Reference(item)]));
        }
        Ok(other) => {
            return Err(PdfProblem::Damaged(format!(
                "its /{shown} is a {} where an array belongs",
                other.enum_variant()
            )))
        }
    }
    Ok(())
}

/// `Signature1`, or the first `SignatureN` the form does not use yet.
fn unused_field_name(doc: &Document, acro_form: &Dictionary) -> String {
    let fields = match acro_form.get(b"Fields") {
        Ok(Object::Reference(id)) => doc.get_object(*id).and_then(Object::as_array).ok(),
        Ok(Object::Array(array)) => Some(array),
        _ => None,
    };
    let names: Vec<Vec<u8>> = fields
        .into_iter()
        .flatten()
        .filter_map(|field| {
            let dict = match field {
                Object::Reference(id) => doc.get_dictionary(*id).ok()?,
                Object::Dictionary(dict) => dict,
                _ => return None,
            };
            match dict.get(b"T").ok()? {
                Object::String(name, _) => Some(name.clone()),
                _ => None,
            }
        })
        .collect();
    (1..)
        .map(|n| format!("Signature{n}"))
        .find(|name| !names.iter().any(|known| known == name.as_bytes()))
        .unwrap_or_else(|| "Signature".to_owned())
}

/// The page's MediaBox, inherited from its parents if need be (US Letter if none).
fn media_box(doc: &Document, page_id: ObjectId) -> [f32; 4] {
    let mut current = Some(page_id);
    let mut hops = 0;
    while let (Some(id), true) = (current, hops < 32) {
        hops += 1;
        let Ok(dict) = doc.get_dictionary(id) else {
            break;
        };
        if let Ok(found) = dict.get(b"MediaBox").and_then(|b| doc.dereference(b)) {
            if let Ok(values) = found.1.as_array() {
                let numbers: Vec<f32> = values.iter().filter_map(|v| v.as_float().ok()).collect();
                if let [a, b, c, d] = numbers[..] {
                    return [a.min(c), b.min(d), a.max(c), b.max(d)];
                }
            }
        }
        current = dict.get(b"Parent").and_then(Object::as_reference).ok();
    }
    [0.0, 0.0, 612.0, 792.0]
}

/// The stamp: a pale box with a border and the lines in Helvetica.
fn stamp_stream(lines: &[String]) -> Result<Object, PdfProblem> {
    let real = Object::Real;
    let mut operations = vec![
        Operation::new("q", vec![]),
        Operation::new("rg", vec![real(0.95), real(0.97), real(1.0)]),
        Operation::new(
            "re",
            vec![real(0.0), real(0.0), real(STAMP_WIDTH), real(STAMP_HEIGHT)],
        ),
        Operation::new("f", vec![]),
        Operation::new("RG", vec![real(0.16), real(0.29), real(0.55)]),
        Operation::new("w", vec![real(1.0)]),
        Operation::new(
            "re",
            vec![
                real(0.5),
                real(0.5),
                real(STAMP_WIDTH - 1.0),
                real(STAMP_HEIGHT - 1.0),
            ],
        ),
        Operation::new("S", vec![]),
        Operation::new("Q", vec![]),
        Operation::new("BT", vec![]),
        Operation::new("rg", vec![real(0.0), real(0.0), real(0.0)]),
        Operation::new("Tf", vec![Object::Name(b"Helv".to_vec()), real(7.5)]),
        Operation::new("TL", vec![real(10.5)]),
        Operation::new("Td", vec![real(6.0), real(STAMP_HEIGHT - 12.0)]),
    ];
    for (index, line) in lines.iter().take(5).enumerate() {
        if index > 0 {
            operations.push(Operation::new("T*", vec![]));
        }
        operations.push(Operation::new(
            "Tj",
            vec![Object::String(
                win_ansi(line, STAMP_LINE_CHARS),
                StringFormat::Literal,
            )],
        ));
    }
    operations.push(Operation::new("ET", vec![]));
    let content = Content { operations }
        .encode()
        .map_err(|e| PdfProblem::Unsupported(format!("the stamp could not be drawn: {e}")))?;
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type1".to_vec()));
    font.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
    font.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
    let mut fonts = Dictionary::new();
    fonts.set("Helv", Object::Dictionary(font));
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set(
        "BBox",
        Object::Array(vec![
            real(0.0),
            real(0.0),
            real(STAMP_WIDTH),
            real(STAMP_HEIGHT),
        ]),
    );
    dict.set("Resources", Object::Dictionary(resources));
    Ok(Object::Stream(lopdf::Stream::new(dict, content)))
}

/// A line in WinAnsi (Latin-1 range; others as `?`, Helvetica has no Indic glyphs), shortened.
fn win_ansi(text: &str, max_chars: usize) -> Vec<u8> {
    let chars: Vec<char> = text.chars().collect();
    let shown: Vec<char> = if chars.len() > max_chars {
        chars[..max_chars.saturating_sub(3)]
            .iter()
            .copied()
            .chain("...".chars())
            .collect()
    } else {
        chars
    };
    shown
        .into_iter()
        .map(|c| match u32::from(c) {
            0x20..=0x7e | 0xa0..=0xff => u8::try_from(u32::from(c)).unwrap_or(b'?'),
            _ => b'?',
        })
        .collect()
}

/// `D:YYYYMMDDHHmmSS+05'30'` in IST.
pub fn pdf_date(at: DateTime<Utc>) -> String {
    at.with_timezone(&kendra_wire::ist_time::ist())
        .format("D:%Y%m%d%H%M%S+05'30'")
        .to_string()
}

/// Writes the signature dictionary with a ByteRange placeholder and zeroed `/Contents`;
/// answers the offsets of `<` and past `>`.
fn write_signature_dictionary(
    out: &mut Vec<u8>,
    object: &Object,
) -> Result<(usize, usize), PdfProblem> {
    let Object::Dictionary(dict) = object else {
        return Err(PdfProblem::Unsupported(
            "the signature is not a dictionary".to_owned(),
        ));
    };
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        write_name(out, key);
        out.push(b' ');
        write_object(out, value);
    }
    out.extend_from_slice(b"/ByteRange [");
    out.extend(std::iter::repeat_n(b' ', BYTE_RANGE_WIDTH));
    out.extend_from_slice(b"]/Contents ");
    let lt = out.len();
    out.push(b'<');
    out.extend(std::iter::repeat_n(b'0', CONTENTS_BYTES * 2));
    out.push(b'>');
    let gt = out.len();
    out.extend_from_slice(b">>");
    Ok((lt, gt))
}

/// Fills the ByteRange placeholder, the last `/ByteRange [` before the `/Contents` string.
fn fill_byte_range(out: &mut [u8], contents_lt: usize, range: [u64; 4]) -> Result<(), PdfProblem> {
    let head = out.get(..contents_lt).unwrap_or_default();
    let at = rfind(head, b"/ByteRange [")
        .map(|at| at + b"/ByteRange [".len())
        .ok_or_else(|| {
            PdfProblem::Unsupported("the ByteRange placeholder is missing".to_owned())
        })?;
    let text = format!("{} {} {} {}", range[0], range[1], range[2], range[3]);
    let slot = out
        .get_mut(at..at + BYTE_RANGE_WIDTH)
        .filter(|_| text.len() <= BYTE_RANGE_WIDTH)
        .ok_or_else(|| {
            PdfProblem::Unsupported("the file is too large for a PDF signature".to_owned())
        })?;
    slot.fill(b' ');
    if let Some(prefix) = slot.get_mut(..text.len()) {
        prefix.copy_from_slice(text.as_bytes());
    }
    Ok(())
}

fn write_xref_table(out: &mut Vec<u8>, offsets: &[(ObjectId, usize)]) {
    out.extend_from_slice(b"xref\n");
    let mut sorted = offsets.to_vec();
    sorted.sort_by_key(|(id, _)| id.0);
    for run in runs(&sorted) {
        let first = run.first().map(|(id, _)| id.0).unwrap_or(0);
        out.extend_from_slice(format!("{first} {}\n", run.len()).as_bytes());
        for (id, offset) in run {
            out.extend_from_slice(format!("{offset:010} {:05} n\r\n", id.1).as_bytes());
        }
    }
}

fn write_xref_stream(
    out: &mut Vec<u8>,
    xref_id: ObjectId,
    offsets: &[(ObjectId, usize)],
    mut dict: Dictionary,
) -> Result<(), PdfProblem> {
    let mut sorted = offsets.to_vec();
    sorted.sort_by_key(|(id, _)| id.0);
    let mut index = Vec::new();
    let mut data = Vec::new();
    for run in runs(&sorted) {
        let first = run.first().map(|(id, _)| id.0).unwrap_or(0);
        index.push(Object::Integer(i64::from(first)));
        index.push(Object::Integer(run.len() as i64));
        for (id, offset) in run {
            let offset = u32::try_from(*offset)
                .map_err(|_| PdfProblem::Unsupported("the file is larger than 4 GiB".to_owned()))?;
            data.push(1u8);
            data.extend_from_slice(&offset.to_be_bytes());
            data.extend_from_slice(&id.1.to_be_bytes());
        }
    }
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("W", Object::Array(vec![1.into(), 4.into(), 2.into()]));
    dict.set("Index", Object::Array(index));
    dict.set("Length", data.len() as i64);
    out.extend_from_slice(format!("{} {} obj\n", xref_id.0, xref_id.1).as_bytes());
    write_object(out, &Object::Dictionary(dict));
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(&data);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    Ok(())
}

/// Consecutive object numbers, one cross-reference subsection each.
fn runs(sorted: &[(ObjectId, usize)]) -> Vec<&[(ObjectId, usize)]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=sorted.len() {
        let breaks = match (sorted.get(i - 1), sorted.get(i)) {
            (Some(a), Some(b)) => b.0 .0 != a.0 .0 + 1,
            _ => true,
        };
        if breaks {
            if let Some(run) = sorted.get(start..i) {
                out.push(run);
            }
            start = i;
        }
    }
    out
}

/// PDF syntax for one object (ISO 32000-1 §7.3).
fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(value) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
        Object::Integer(value) => out.extend_from_slice(value.to_string().as_bytes()),
        Object::Real(value) => out.extend_from_slice(real_text(*value).as_bytes()),
        Object::Name(name) => write_name(out, name),
        Object::String(text, StringFormat::Hexadecimal) => {
            out.push(b'<');
            out.extend_from_slice(crate::csp_signing::signing_certificate::hex(text).as_bytes());
            out.push(b'>');
        }
        Object::String(text, StringFormat::Literal) => {
            out.push(b'(');
            for &byte in text {
                match byte {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    _ => out.push(byte),
                }
            }
            out.push(b')');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => {
            out.extend_from_slice(b"<<");
            for (key, value) in dict.iter() {
                write_name(out, key);
                out.push(b' ');
                write_object(out, value);
            }
            out.extend_from_slice(b">>");
        }
        Object::Stream(stream) => {
            let mut dict = stream.dict.clone();
            dict.set("Length", stream.content.len() as i64);
            write_object(out, &Object::Dictionary(dict));
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => out.extend_from_slice(format!("{} {} R", id.0, id.1).as_bytes()),
    }
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&byte) || !(33..=126).contains(&byte) {
            out.extend_from_slice(format!("#{byte:02X}").as_bytes());
        } else {
            out.push(byte);
        }
    }
}

/// A real without exponent and without needless zeros (`0.95`, `230`).
fn real_text(value: f32) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-" || text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// A certification signature (`/Perms /DocMDP`) whose transform forbids any change.
fn certified_without_changes(doc: &Document) -> bool {
    let deref = |object: &Object| -> Option<Dictionary> {
        match doc.dereference(object).ok()?.1 {
            Object::Dictionary(dict) => Some(dict.clone()),
            _ => None,
        }
    };
    let Some(signature) = doc
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get(b"Perms").ok().and_then(deref))
        .and_then(|perms| perms.get(b"DocMDP").ok().and_then(deref))
    else {
        return false;
    };
    let references = match signature.get(b"Reference").map(|r| doc.dereference(r)) {
        Ok(Ok((_, Object::Array(items)))) => items.clone(),
        _ => return false,
    };
    references.iter().filter_map(deref).any(|reference| {
        reference
            .get(b"TransformParams")
            .ok()
            .and_then(deref)
            .and_then(|params| params.get(b"P").ok().and_then(|p| p.as_i64().ok()))
            == Some(1)
    })
}

/// Every in-use object the cross-reference table points to must start there (`N G obj`):
/// a table that points elsewhere is damage a reader may paper over but a signature must not.
fn check_xref_offsets(bytes: &[u8], doc: &Document) -> Result<(), PdfProblem> {
    for (number, entry) in &doc.reference_table.entries {
        if let XrefEntry::Normal { offset, generation } = entry {
            let at = *offset as usize;
            let expected = format!("{number} {generation} obj");
            let found = bytes.get(at..).map(skip_whitespace).unwrap_or_default();
            if !found.starts_with(expected.as_bytes()) {
                return Err(PdfProblem::Damaged(format!(
                    "its cross-reference table puts object {number} at byte {at}, but that object is not there"
                )));
            }
        }
    }
    Ok(())
}

fn skip_whitespace(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0)
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// `N G obj` at the start of `bytes`.
fn starts_with_object_header(bytes: &[u8]) -> bool {
    let text =
        String::from_utf8_lossy(bytes.get(..32.min(bytes.len())).unwrap_or_default()).into_owned();
    let mut words = text.split_ascii_whitespace();
    matches!(
        (words.next(), words.next(), words.next()),
        (Some(n), Some(g), Some(obj)) if n.bytes().all(|b| b.is_ascii_digit())
            && g.bytes().all(|b| b.is_ascii_digit())
            && obj.starts_with("obj")
    )
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| at + from)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reals_and_names_are_written_as_pdf_syntax() {
        assert_eq!(real_text(0.95), "0.95");
        assert_eq!(real_text(230.0), "230");
        assert_eq!(real_text(-0.0), "0");
        let mut out = Vec::new();
        write_name(&mut out, b"A B#");
        assert_eq!(out, b"/A#20B#23");
        let mut out = Vec::new();
        write_object(
            &mut out,
            &Object::String(b"a(b)\\".to_vec(), StringFormat::Literal),
        );
        assert_eq!(out, br"(a\(b\)\\)");
    }

    #[test]
    fn runs_split_at_gaps() {
        let ids = [((3, 0), 1), ((4, 0), 2), ((9, 0), 3)];
        let runs = runs(&ids);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].len(), 2);
        assert_eq!(runs[1][0].0, (9, 0));
    }

    #[test]
    fn stamp_text_is_win_ansi_and_short() {
        assert_eq!(win_ansi("Amit", 10), b"Amit");
        assert_eq!(win_ansi("দেবাশিস", 10), b"???????");
        assert_eq!(win_ansi("abcdefghijkl", 8), b"abcde...");
    }

    #[test]
    fn not_pdfs_and_truncated_pdfs_are_named() {
        assert!(matches!(
            OriginalPdf::read(b"hello".to_vec()),
            Err(PdfProblem::NotPdf(_))
        ));
        assert!(matches!(
            OriginalPdf::read(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".to_vec()),
            Err(PdfProblem::Damaged(_))
        ));
    }
}
