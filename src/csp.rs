//! The site's one Content-Security-Policy and the other response headers it is built to work
//! under. Pages carry the part a `<meta>` can carry; `serve`, the `_headers` file and the
//! README's host examples send the whole policy. Everything else reads these constants.

/// The directives a `<meta http-equiv>` can carry (no `frame-ancestors`, `report-uri`,
/// `sandbox`): every page works with no inline script or style and nothing from elsewhere.
macro_rules! meta_directives {
    () => {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
    };
}

/// The policy every page carries in `<meta http-equiv="Content-Security-Policy">`.
pub const META_POLICY: &str = meta_directives!();

/// The full policy, for response headers: the meta policy plus what only a header can say
/// (no site may frame these pages).
pub const CONTENT_SECURITY_POLICY: &str = concat!(meta_directives!(), "; frame-ancestors 'none'");

/// No page sends its address to another site (also a `<meta name="referrer">`).
pub const REFERRER_POLICY: &str = "no-referrer";

/// The headers every response of the site should have, in the order hosts show them.
pub const HEADERS: &[(&str, &str)] = &[
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", REFERRER_POLICY),
    ("X-Frame-Options", "DENY"),
];

/// Name of the headers file Netlify and Cloudflare Pages read from the site's root.
pub const HEADERS_FILE: &str = "_headers";

/// The `_headers` file (Netlify / Cloudflare Pages format): every path gets [`HEADERS`].
pub fn headers_file() -> String {
    let mut out = String::from("/*\n");
    for (name, value) in HEADERS {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_policy_has_no_header_only_directive() {
        for d in ["frame-ancestors", "report-uri", "sandbox"] {
            assert!(!META_POLICY.contains(d), "{d}");
        }
        assert!(CONTENT_SECURITY_POLICY.starts_with(META_POLICY));
        assert!(CONTENT_SECURITY_POLICY.ends_with("frame-ancestors 'none'"));
        // Templates print the meta values unescaped inside double quotes.
        for value in [META_POLICY, REFERRER_POLICY] {
            assert!(!value.contains(['"', '<', '>', '&']), "{value}");
        }
    }

    #[test]
    fn headers_file_names_every_header_under_every_path() {
        let file = headers_file();
        assert!(file.starts_with("/*\n"));
        for (name, value) in HEADERS {
            assert!(file.contains(&format!("\n  {name}: {value}\n")));
        }
    }
}
