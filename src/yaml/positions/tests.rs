use super::{IndexError, Positions, Step};

fn line_col(p: &Positions, path: &[Step]) -> Option<(usize, usize)> {
    p.get(path).map(|s| (s.start.line, s.start.column))
}

#[test]
fn top_level_keys_quoted_or_not_after_comments() {
    let text = "# a comment: not a key\ntitle: T\n\"ms.date\": 1\n'x y' : z\n";
    let p = Positions::index(text).unwrap();
    assert_eq!(line_col(&p, &["title".into()]), Some((2, 1)));
    assert_eq!(line_col(&p, &["ms.date".into()]), Some((3, 1)));
    assert_eq!(line_col(&p, &["x y".into()]), Some((4, 1)));
    assert_eq!(line_col(&p, &["a comment".into()]), None);
}

#[test]
fn nested_keys_sequence_items_and_flow_style() {
    let text = "\
sections:
  - id: a
    fields:
      - id: x
        shown-when: { field: kind, equals: bug }
        choices: [one, two]
  - id: b
";
    let p = Positions::index(text).unwrap();
    let field = |rest: &[Step<'static>]| {
        let mut path = vec!["sections".into(), 0.into(), "fields".into(), 0.into()];
        path.extend_from_slice(rest);
        line_col(&p, &path)
    };
    assert_eq!(field(&["id".into()]), Some((4, 9)));
    assert_eq!(
        field(&["shown-when".into(), "equals".into()]),
        Some((5, 36))
    );
    assert_eq!(field(&["choices".into(), 1.into()]), Some((6, 24)));
    assert_eq!(
        line_col(&p, &["sections".into(), 1.into(), "id".into()]),
        Some((7, 5))
    );
    assert_eq!(line_col(&p, &["sections".into(), 1.into()]), Some((7, 5)));
}

#[test]
fn multi_line_values_do_not_hide_later_keys() {
    let text = "a: |\n  b: not a key\n  c: neither\nb: 2\nc: >\n  x\nd: \"one\n  two\"\ne: 5\n";
    let p = Positions::index(text).unwrap();
    assert_eq!(line_col(&p, &["b".into()]), Some((4, 1)));
    assert_eq!(line_col(&p, &["e".into()]), Some((9, 1)));
    let d = p.get(&["d".into()]).unwrap();
    assert_eq!((d.value_start.line, d.value_end.line), (7, 8));
}

#[test]
fn columns_count_characters() {
    let p = Positions::index("ключ: значение\nzweiter: { größe: 1, ünd: 2 }\n").unwrap();
    assert_eq!(
        line_col(&p, &["zweiter".into(), "ünd".into()]),
        Some((2, 22))
    );
}

#[test]
fn nearest_falls_back_to_the_closest_written_ancestor() {
    let p = Positions::index("a: 1\nlist:\n  - x: 1\n").unwrap();
    let at = p.nearest(&["list".into(), 0.into(), "missing".into()]);
    assert_eq!((at.line, at.column), (3, 5));
    let at = p.nearest(&["nothing".into()]);
    assert_eq!((at.line, at.column), (1, 1));
}

#[test]
fn duplicate_keys_are_found_at_their_second_occurrence() {
    let err = Positions::index("title: a\nx:\n  title: inner\ntitle: b\n").unwrap_err();
    match err {
        IndexError::Duplicate(d) => {
            assert_eq!(d.key, "title");
            assert_eq!((d.at.line, d.at.column), (4, 1));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn syntax_errors_carry_libyaml_positions() {
    let err = Positions::index("a: 1\nb: \"open\n").unwrap_err();
    let IndexError::Syntax(e) = err else {
        panic!("{err:?}")
    };
    let (_, context) = e.context.expect("a context");
    assert_eq!((context.line, context.column), (2, 4));
}
