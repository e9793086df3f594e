//! The JUnit XML report of a suite run, in the shape CI servers (GitHub Actions' test
//! reporters, GitLab, Jenkins) read: one `<testsuite>` with a `<testcase>` per case, and a
//! `<failure>` holding the readable diff for each case that failed.

use super::CaseResult;
use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::BytesText;
use std::time::Duration;

/// The report for `results`, which took `total` of wall time.
pub fn report(results: &[CaseResult], total: Duration) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail; a failure here would be a bug in quick-xml.
    let written = write_suite(&mut w, results, total);
    debug_assert!(written.is_ok(), "{written:?}");
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&String::from_utf8_lossy(&w.into_inner()));
    xml.push('\n');
    xml
}

fn seconds(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

fn write_suite(
    w: &mut Writer<Vec<u8>>,
    results: &[CaseResult],
    total: Duration,
) -> std::io::Result<()> {
    let tests = results.len().to_string();
    let failures = results.iter().filter(|r| !r.passed()).count().to_string();
    let time = seconds(total);
    w.create_element("testsuites")
        .with_attributes([
            ("name", "mpsim test"),
            ("tests", tests.as_str()),
            ("failures", failures.as_str()),
            ("time", time.as_str()),
        ])
        .write_inner_content(|w| {
            w.create_element("testsuite")
                .with_attributes([
                    ("name", "mpsim"),
                    ("tests", tests.as_str()),
                    ("failures", failures.as_str()),
                    ("errors", "0"),
                    ("skipped", "0"),
                    ("time", time.as_str()),
                ])
                .write_inner_content(|w| {
                    for r in results {
                        write_case(w, r)?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

fn write_case(w: &mut Writer<Vec<u8>>, r: &CaseResult) -> std::io::Result<()> {
    let dir = r.dir.display().to_string();
    let time = seconds(r.elapsed);
    let case = w.create_element("testcase").with_attributes([
        ("name", r.name.as_str()),
        ("classname", "mpsim"),
        ("file", dir.as_str()),
        ("time", time.as_str()),
    ]);
    if r.passed() {
        case.write_empty()?;
        return Ok(());
    }
    case.write_inner_content(|w| {
        let first = r.failures[0].lines().next().unwrap_or("failed");
        w.create_element("failure")
            .with_attribute(("message", first))
            // Quotes stay as they are in the body, so the diff reads as printed.
            .write_text_content(BytesText::from_escaped(partial_escape(
                r.failures.join("\n"),
            )))?;
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn result(name: &str, failures: &[&str]) -> CaseResult {
        CaseResult {
            name: name.into(),
            dir: PathBuf::from("fixtures").join(name),
            elapsed: Duration::from_millis(1500),
            checked: vec!["trace.jsonl".into()],
            failures: failures.iter().map(|f| f.to_string()).collect(),
            written: Vec::new(),
        }
    }

    #[test]
    fn failures_carry_their_diff_escaped() {
        let xml = report(
            &[
                result("shop", &[]),
                result("cart", &["trace.jsonl:3 differs\n  got: {\"a\":\"<b>\"}"]),
            ],
            Duration::from_secs(2),
        );
        assert!(xml.starts_with("<?xml"), "{xml}");
        assert!(
            xml.contains("tests=\"2\" failures=\"1\" time=\"2.000\""),
            "{xml}"
        );
        assert!(
            xml.contains("<testcase name=\"shop\" classname=\"mpsim\""),
            "{xml}"
        );
        assert!(
            xml.contains("<failure message=\"trace.jsonl:3 differs\">"),
            "{xml}"
        );
        assert!(xml.contains("got: {\"a\":\"&lt;b&gt;\"}"), "{xml}");
    }
}
