//! The media files pages show: small but valid PNGs (so an image-aware build step is not fed
//! junk) and SVG diagrams with a label in each page language.

/// PNG diagrams, present only in the source locale, so other locales exercise media fallback.
pub const PNGS: &[&str] = &["diagram-1.png", "diagram-2.png", "diagram-3.png"];
/// SVG charts, present in every locale with translated labels.
pub const SVGS: &[&str] = &["flow-1.svg", "flow-2.svg"];

/// An RGB PNG of `width` × `height` with a diagonal two-colour pattern.
pub fn png(width: u32, height: u32, a: [u8; 3], b: [u8; 3]) -> Vec<u8> {
    let mut raw = Vec::with_capacity((height * (1 + 3 * width)) as usize);
    for y in 0..height {
        raw.push(0); // filter: none
        for x in 0..width {
            raw.extend_from_slice(if (x + y) % 8 < 4 { &a } else { &b });
        }
    }
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib_stored(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// An SVG box diagram whose boxes carry `labels`.
pub fn svg(labels: &[&str]) -> String {
    let mut s = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" height=\"120\" viewBox=\"0 0 480 120\">\n",
    );
    for (i, label) in labels.iter().enumerate() {
        let x = 10 + i * 160;
        s.push_str(&format!(
            "  <rect x=\"{x}\" y=\"30\" width=\"140\" height=\"60\" rx=\"6\" fill=\"#e6f0fa\" stroke=\"#0063b1\"/>\n  <text x=\"{}\" y=\"65\" font-family=\"sans-serif\" font-size=\"14\" text-anchor=\"middle\">{label}</text>\n",
            x + 70
        ));
    }
    s.push_str("</svg>\n");
    s
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// zlib stream of uncompressed ("stored") deflate blocks: valid, and simple enough to write here.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = data.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_and_adler32_known_values() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        let z = zlib_stored(b"Wikipedia");
        assert_eq!(&z[z.len() - 4..], &0x11E6_0398u32.to_be_bytes());
    }

    #[test]
    fn png_chunks_are_well_formed() {
        let p = png(20, 10, [0, 0, 0], [255, 255, 255]);
        assert!(p.starts_with(b"\x89PNG\r\n\x1a\n"));
        let mut at = 8;
        let mut kinds = Vec::new();
        while at < p.len() {
            let len = u32::from_be_bytes(p[at..at + 4].try_into().unwrap()) as usize;
            let body = &p[at + 4..at + 8 + len];
            let crc = u32::from_be_bytes(p[at + 8 + len..at + 12 + len].try_into().unwrap());
            assert_eq!(crc, crc32(body));
            kinds.push(String::from_utf8_lossy(&body[..4]).into_owned());
            at += 12 + len;
        }
        assert_eq!(kinds, ["IHDR", "IDAT", "IEND"]);
    }
}
