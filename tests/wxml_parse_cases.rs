//! The 339 WXML parser cases of tests/conformance/wxml-parse (glass-easel's, MIT).
//!
//! Their expected strings are glass-easel's own printing, so this compares accept/reject only:
//! glass-easel accepts a case when it reports no warning; mpsim when it reports no error.
//! Cases using constructs the official compiler (wcc) refuses but glass-easel accepts
//! (`typeof`, `void`, `instanceof`, `??`, `>>>`, hex and exponent literals, unary `+`, spread in
//! arrays, array holes...) or that wcc accepts and glass-easel refuses (a loop variable named
//! `i `, taken literally) follow wcc and are counted apart, as are glass-easel-only syntax
//! (`class:`, `style:`, `let:`, `slot:` attributes, `<!META>`).

#![allow(clippy::unwrap_used)]

use mpsim_base::MemVfs;
use mpsim_conformance::repo_root;
use mpsim_wxml::{CompileOptions, Compiler};

fn wcc_differs(src: &str) -> bool {
    let e = src.to_ascii_lowercase();
    [
        "typeof",
        "void",
        "instanceof",
        "??",
        ">>>",
        "0x",
        "e1",
        "e0",
        "e-",
        "+ +",
        "{{ +",
        "[ ...",
        "[ ,",
        "[ , ,",
        "[ a, ]",
        "a(0,)",
        "{ a# }",
        "&#x85;",
        "&#x2028;",
        // A loop variable name that is no identifier is taken literally (a warning).
        "for-item='i '",
        "for-index='i '",
    ]
    .iter()
    .any(|k| e.contains(k))
}

fn glass_easel_only(src: &str) -> bool {
    [
        "class:",
        "style:",
        "let:",
        "slot:",
        "<!meta",
        "worklet:",
        "change:",
        "extra-attr:",
        "data:",
        "capture-mut-bind",
        "<a:div",
    ]
    .iter()
    .any(|k| src.to_ascii_lowercase().contains(k))
}

#[test]
fn wxml_parse_cases_agree_on_accept_and_reject() {
    let text =
        std::fs::read_to_string(repo_root().join("tests/conformance/wxml-parse/cases.jsonl"))
            .expect("cases.jsonl");
    let (mut agree, mut disagree, mut wcc_cases, mut ge_only, mut total) = (0, 0, 0, 0, 0);
    let mut listing = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).expect("case json");
        let src = case["src"].as_str().unwrap_or("");
        let ge_accepts = case["warnings"].as_array().is_some_and(|w| w.is_empty());
        let vfs = MemVfs::new().with("index.wxml", src);
        let mut c = Compiler::new(&vfs, CompileOptions::default());
        c.compile("index.wxml");
        let ours_accepts = !c.take_diagnostics().iter().any(|d| d.is_error());
        total += 1;
        if wcc_differs(src) {
            wcc_cases += 1;
        } else if glass_easel_only(src) {
            ge_only += 1;
        } else if ours_accepts == ge_accepts {
            agree += 1;
        } else {
            disagree += 1;
            listing.push_str(&format!(
                "  glass-easel {} / mpsim {}: {src:?}\n",
                if ge_accepts { "accepts" } else { "rejects" },
                if ours_accepts { "accepts" } else { "rejects" }
            ));
        }
    }
    println!(
        "wxml-parse: {total} cases; {agree} agree, {disagree} disagree, {wcc_cases} follow wcc instead, {ge_only} glass-easel-only syntax\n{listing}"
    );
    assert_eq!(total, 339);
    // Most remaining disagreements are glass-easel warnings that are not errors for wcc
    // (upper-case tags, unquoted values it tolerates...). Keep the agreement from regressing.
    assert!(
        agree * 100 >= (agree + disagree) * 80,
        "agreement fell to {agree}/{}",
        agree + disagree
    );
}
