//! The documents departments hand over: a small valid PDF certificate (served by URL or sent as
//! base64) and a small valid PNG (sent as an image). Generated here, without extra crates.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::seed_data::{self, Application, DocumentForm};
use crate::shared::Shared;

/// The lines printed on an application's certificate (ASCII: the PDF uses a standard font).
fn certificate_lines(app: &Application) -> Vec<String> {
    let service = seed_data::find_service(app.service_code);
    let (service_name, dept) = match &service {
        Some(s) => (
            s.name.to_owned(),
            seed_data::department_name(s.dept_code).unwrap_or(""),
        ),
        None => (app.service_code.to_owned(), ""),
    };
    let document_no = app.document.map_or(app.app_no, |d| d.document_no);
    let issued = app.stages.last().map_or("", |(t, _)| *t);
    vec![
        "Government of West Bengal".to_owned(),
        dept.to_owned(),
        service_name,
        String::new(),
        format!("Document No: {document_no}"),
        format!("Application No: {}", app.app_no),
        format!("Issued to: {}", app.citizen_name),
        format!("Issued on (YYYYMMDDHHmmSS): {issued}"),
        String::new(),
        "Delivered through Bangla Sahayata Kendra".to_owned(),
        "KENDRA SANDBOX - NOT A REAL CERTIFICATE".to_owned(),
    ]
}

/// A one-page PDF 1.4 with the given lines in Helvetica, with a correct cross-reference table.
pub fn certificate_pdf(app: &Application) -> Vec<u8> {
    let mut stream = String::from("BT\n/F1 14 Tf\n72 770 Td\n18 TL\n");
    for line in certificate_lines(app) {
        let escaped: String = line
            .chars()
            .filter(char::is_ascii)
            .flat_map(|c| match c {
                '(' | ')' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        stream.push_str(&format!("({escaped}) Tj T*\n"));
    }
    stream.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}endstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref_at = pdf.len();
    let mut xref = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        xref.push_str(&format!("{offset:010} 00000 n \n"));
    }
    xref.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.extend_from_slice(xref.as_bytes());
    pdf
}

const PNG_WIDTH: u32 = 160;
const PNG_HEIGHT: u32 = 100;

/// A 160×100 RGB PNG: a certificate card with a green border, a header band and a round seal.
/// Stored (uncompressed) deflate blocks keep the encoder to a few lines.
pub fn certificate_png() -> Vec<u8> {
    let mut raw = Vec::with_capacity(((PNG_WIDTH * 3 + 1) * PNG_HEIGHT) as usize);
    for y in 0..PNG_HEIGHT {
        raw.push(0); // filter: none
        for x in 0..PNG_WIDTH {
            let border = x < 4 || y < 4 || x >= PNG_WIDTH - 4 || y >= PNG_HEIGHT - 4;
            let (dx, dy) = (x as i64 - 125, y as i64 - 65);
            let seal = dx * dx + dy * dy <= 18 * 18;
            let rgb = if border {
                [0x1b, 0x5e, 0x20]
            } else if (10..24).contains(&y) {
                [0x0d, 0x47, 0xa1]
            } else if seal {
                [0xc6, 0x28, 0x28]
            } else if (34..38).contains(&y) || (48..52).contains(&y) || (62..66).contains(&y) {
                if (14..96).contains(&x) {
                    [0x60, 0x60, 0x60]
                } else {
                    [0xff, 0xfd, 0xf5]
                }
            } else {
                [0xff, 0xfd, 0xf5]
            };
            raw.extend_from_slice(&rgb);
        }
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&PNG_WIDTH.to_be_bytes());
    ihdr.extend_from_slice(&PNG_HEIGHT.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    png_chunk(&mut png, b"IHDR", &ihdr);
    png_chunk(&mut png, b"IDAT", &zlib_stored(&raw));
    png_chunk(&mut png, b"IEND", &[]);
    png
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// zlib stream made of stored deflate blocks (at most 65535 bytes each).
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let mut chunks = data.chunks(65_535).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(chunk) = chunks.next() {
        out.push(u8::from(chunks.peek().is_none()));
        let len = chunk.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in data {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The bytes and media type of an application's document.
pub fn document_bytes(app: &Application) -> (Vec<u8>, &'static str) {
    match app.document.map(|d| d.form) {
        Some(DocumentForm::Image) => (certificate_png(), "image/png"),
        _ => (certificate_pdf(app), "application/pdf"),
    }
}

/// `GET /bsk/department/documents/{file}`: the link an API-4/5B answer of documentType 1 gives.
pub async fn serve(State(_shared): State<Arc<Shared>>, Path(file): Path<String>) -> Response {
    match seed_data::application_by_file(&file) {
        Some(app) => {
            let (bytes, media_type) = document_bytes(app);
            (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, media_type.to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("inline; filename=\"{file}\""),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        None => (
            StatusCode::NOT_FOUND,
            axum::Json(serde_json::json!({
                "statusCode": 404,
                "message": format!("the department has no document file {file:?}"),
            })),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_cross_references_point_at_objects() {
        let pdf = certificate_pdf(&seed_data::APPLICATIONS[0]);
        let text = String::from_utf8_lossy(&pdf).into_owned();
        assert!(text.starts_with("%PDF-1.4"));
        assert!(text.ends_with("%%EOF\n"));
        assert!(text.contains("(Issued to: Sukumar Mondal) Tj"));
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .unwrap()
            .parse()
            .unwrap();
        assert!(pdf[startxref..].starts_with(b"xref\n0 6\n"));
        let xref = std::str::from_utf8(&pdf[startxref..]).unwrap();
        for (i, line) in xref.lines().skip(3).take(5).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            let expected = format!("{} 0 obj", i + 1);
            assert!(pdf[offset..].starts_with(expected.as_bytes()), "{line}");
        }
    }

    #[test]
    fn png_chunks_and_checksums_are_valid() {
        let png = certificate_png();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let mut at = 8;
        let mut kinds = Vec::new();
        while at < png.len() {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            let body = &png[at + 4..at + 8 + len];
            let crc = u32::from_be_bytes(png[at + 8 + len..at + 12 + len].try_into().unwrap());
            assert_eq!(crc32(body), crc);
            kinds.push(String::from_utf8_lossy(&body[..4]).into_owned());
            at += 12 + len;
        }
        assert_eq!(kinds, ["IHDR", "IDAT", "IEND"]);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }
}
